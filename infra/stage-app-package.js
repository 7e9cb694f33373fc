#!/usr/bin/env node
// Stages what App Service runs into .deployment/app (m365agents.yml, deploy): the built dist/,
// package.json and the lock file, and the production dependencies only. App Service runs no build
// (SCM_DO_BUILD_DURING_DEPLOYMENT=false) and mounts the zip read-only, so the one native module,
// better-sqlite3, must already be built for App Service's Linux x64 and Node 20, whatever machine
// deploys. It is fetched for that target and checked; a wrong binary stops the deploy here rather
// than the bot in Azure.
//
// Usage, from the repository root after `npm run build`: node infra/stage-app-package.js
const { spawnSync } = require('node:child_process');
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');

const STAGE_DIR = path.join('.deployment', 'app');
const NATIVE_MODULE = path.join(
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);
/** App Service's runtime (infra/azure.bicep, linuxFxVersion NODE|20-lts). */
const TARGET = { platform: 'linux', arch: 'x64', node: '20.11.0' };
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const EM_X86_64 = 0x3e;

function main(root) {
  if (!fs.existsSync(path.join(root, 'dist', 'main.js'))) {
    throw new Error('dist/main.js is missing: run `npm run build` first.');
  }
  const stage = path.join(root, STAGE_DIR);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  fs.cpSync(path.join(root, 'dist'), path.join(stage, 'dist'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(root, file), path.join(stage, file));
  }
  // No install scripts: some dependencies' scripts fetch tools with npx, and the only one
  // production needs (better-sqlite3's binary) is fetched next, for the right target.
  npm(stage, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
  npm(stage, ['rebuild', 'better-sqlite3'], {
    npm_config_platform: TARGET.platform,
    npm_config_arch: TARGET.arch,
    npm_config_target: TARGET.node,
    npm_config_runtime: 'node',
  });
  const problem = linuxX64Problem(path.join(stage, NATIVE_MODULE));
  if (problem) {
    throw new Error(
      `${NATIVE_MODULE} ${problem}; App Service needs it built for Linux x64. Deploy from Linux ` +
        'x64 (WSL on Windows, or a CI runner), or check that its prebuilt binary can be downloaded.',
    );
  }
  console.log(`Staged ${STAGE_DIR} for App Service (Linux x64, Node 20).`);
}

function npm(cwd, args, extraEnv = {}) {
  const windows = process.platform === 'win32';
  const result = spawnSync(windows ? 'npm.cmd' : 'npm', args, {
    cwd,
    stdio: 'inherit',
    shell: windows,
    env: { ...process.env, ...extraEnv },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status})`);
}

/** Why the file is not a Linux x64 shared object, or null if it is one. */
function linuxX64Problem(file) {
  if (!fs.existsSync(file)) return 'is missing';
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.subarray(0, 4).equals(ELF_MAGIC)) return 'is not a Linux (ELF) binary';
  if (header[4] !== 2 || header[5] !== 1) return 'is not a 64-bit little-endian binary';
  if (header.readUInt16LE(18) !== EM_X86_64) return 'is not built for x64';
  return null;
}

try {
  main(process.cwd());
} catch (error) {
  console.error(`stage-app-package: ${error.message}`);
  process.exitCode = 1;
}
