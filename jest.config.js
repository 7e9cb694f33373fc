// Three projects, run together by `npm test` (through scripts/test.js, which prepares the test
// certificate authority that the Graph simulator's HTTPS certificates chain to).
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

const project = (displayName, roots, extra = {}) => ({
  displayName,
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots,
  testMatch: ['**/*.test.ts'],
  ...extra,
});

module.exports = {
  projects: [
    project('unit', ['<rootDir>/test/unit']),
    project('integration', ['<rootDir>/test/integration'], { slowTestThreshold: 20 }),
    project('e2e', ['<rootDir>/test/e2e'], { slowTestThreshold: 30 }),
  ],
};
