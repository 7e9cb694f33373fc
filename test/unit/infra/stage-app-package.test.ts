import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * infra/stage-app-package.js (the deploy step before zipDeploy) in a throwaway project, with a
 * fake `npm` on PATH (test/support/fake-npm.js) that lays out better-sqlite3's native module.
 */

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'infra', 'stage-app-package.js');
const FAKE_NPM = path.join(ROOT, 'test', 'support', 'fake-npm.js');

interface NpmCall {
  cwd: string;
  args: string[];
  target: (string | undefined)[];
}

let project: string;
let logPath: string;

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-stage-'));
  const bin = path.join(project, '.bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'npm'),
    `#!/bin/sh\nexec "${process.execPath}" "${FAKE_NPM}" "$@"\n`,
    {
      mode: 0o755,
    },
  );
  logPath = path.join(project, '.npm-calls.log');
  fs.mkdirSync(path.join(project, 'dist', 'cli'), { recursive: true });
  fs.writeFileSync(path.join(project, 'dist', 'main.js'), '// built');
  fs.writeFileSync(path.join(project, 'dist', 'cli', 'audit.js'), '// built');
  fs.writeFileSync(path.join(project, 'package.json'), '{"name":"lockdown"}');
  fs.writeFileSync(path.join(project, 'package-lock.json'), '{"lockfileVersion":3}');
  fs.mkdirSync(path.join(project, 'src'));
  fs.writeFileSync(path.join(project, 'src', 'main.ts'), '// source');
});

afterEach(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

function stage(binary: 'linux-x64' | 'linux-arm64' | 'windows') {
  fs.writeFileSync(logPath, '');
  const result = spawnSync(process.execPath, [SCRIPT], {
    cwd: project,
    encoding: 'utf8',
    env: {
      PATH: `${path.join(project, '.bin')}:${process.env.PATH}`,
      FAKE_NPM_LOG: logPath,
      FAKE_NPM_BINARY: binary,
    },
  });
  const calls = fs
    .readFileSync(logPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as NpmCall);
  return { status: result.status, stderr: result.stderr, calls };
}

const staged = (...parts: string[]) => path.join(project, '.deployment', 'app', ...parts);

describe('stage-app-package.js', () => {
  it('stages the built output and installs production dependencies only, without install scripts', () => {
    const run = stage('linux-x64');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.existsSync(staged('dist', 'main.js'))).toBe(true);
    expect(fs.existsSync(staged('dist', 'cli', 'audit.js'))).toBe(true);
    expect(fs.existsSync(staged('package-lock.json'))).toBe(true);
    expect(fs.existsSync(staged('src'))).toBe(false);
    expect(run.calls[0]).toMatchObject({
      cwd: fs.realpathSync(staged()),
      args: ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
    });
  });

  it("fetches better-sqlite3's native module for App Service's Linux x64 and Node 20", () => {
    const run = stage('linux-x64');

    expect(run.calls[1]).toMatchObject({
      cwd: fs.realpathSync(staged()),
      args: ['rebuild', 'better-sqlite3'],
      target: ['linux', 'x64', expect.stringMatching(/^20\./)],
    });
  });

  it.each([
    ['windows', 'is not a Linux (ELF) binary'],
    ['linux-arm64', 'is not built for x64'],
  ] as const)('stops the deploy when the native module is a %s build', (binary, reason) => {
    const run = stage(binary);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(reason);
  });

  it('refuses to stage before the build', () => {
    fs.rmSync(path.join(project, 'dist'), { recursive: true });

    const run = stage('linux-x64');

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('run `npm run build` first');
    expect(run.calls).toEqual([]);
  });

  it('starts from an empty folder each time, so nothing stale is deployed', () => {
    stage('linux-x64');
    fs.writeFileSync(staged('dist', 'stale.js'), '// from an older build');

    stage('linux-x64');

    expect(fs.existsSync(staged('dist', 'stale.js'))).toBe(false);
  });
});
