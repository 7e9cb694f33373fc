// Layering is enforced here, not by good intentions (style-guide.md §1): the folder an import
// comes from says whether it is legal. `no-restricted-paths` only sees imports that resolve to
// files, so SDK packages are kept out of the inner layers with `no-restricted-imports` too.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const importPlugin = require('eslint-plugin-import');

const SDK_PACKAGES = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  '@microsoft/teams-ai',
  '@microsoft/teams-ai/*',
  '@microsoft/microsoft-graph-client',
  '@microsoft/microsoft-graph-client/*',
  '@azure/*',
  'restify',
  'better-sqlite3',
  'node-forge',
];

const sdkBan = (layer) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: SDK_PACKAGES,
          message: `SDKs belong in adapters/ or teams/, never in ${layer}/ (style-guide.md §1).`,
        },
      ],
    },
  ],
});

const zone = (target, from, message) => ({ target, from, message });

module.exports = tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'data/**',
      'test-output/**',
      'devTools/**',
      'appPackage/build/**',
      '.deployment/**',
      '.demo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only src/config.ts reads process.env (style-guide.md §5).',
        },
      ],
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            zone(
              './src/domain',
              ['./src/*.ts', './src/!(domain)/**/*'],
              'domain/ imports nothing outside itself.',
            ),
            zone(
              './src/ports',
              ['./src/*.ts', './src/!(domain|ports)/**/*'],
              'ports/ may import only domain/.',
            ),
            zone(
              './src/use-cases',
              ['./src/*.ts', './src/!(domain|ports|use-cases)/**/*'],
              'use-cases/ may import only domain/ and ports/.',
            ),
            zone(
              './src/adapters',
              './src/teams',
              'adapters/ must not depend on the Teams surface.',
            ),
            zone(
              './src/adapters',
              './src/use-cases',
              'adapters/ implement ports; they do not call use cases.',
            ),
            zone('./src/teams', './src/adapters', 'teams/ reaches adapters only through ports.'),
            zone(
              './src/simulator',
              ['./src/*.ts', './src/!(simulator)/**/*'],
              'The Graph simulator is an independent implementation: it shares no code with Lockdown.',
            ),
            zone(
              './src/!(simulator|cli)/**/*',
              './src/simulator',
              'Only the demo and CLI tools may start the Graph simulator.',
            ),
          ],
        },
      ],
    },
  },
  { files: ['src/domain/**/*.ts'], rules: sdkBan('domain') },
  { files: ['src/ports/**/*.ts'], rules: sdkBan('ports') },
  { files: ['src/use-cases/**/*.ts'], rules: sdkBan('use-cases') },
  {
    // The one reader of the environment, and the launchers and tests that prepare it.
    files: ['src/config.ts', 'scripts/**', 'test/**', 'src/cli/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
