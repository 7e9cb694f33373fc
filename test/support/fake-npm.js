#!/usr/bin/env node
// A stand-in for npm in the tests of infra/stage-app-package.js. It appends each call (working
// directory, arguments, and the prebuild target it was given) to FAKE_NPM_LOG as a JSON line.
// `ci` lays out node_modules/better-sqlite3; `rebuild better-sqlite3` writes its native module
// with the header FAKE_NPM_BINARY names: linux-x64, linux-arm64 or windows.
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const env = process.env;
fs.appendFileSync(
  env.FAKE_NPM_LOG,
  `${JSON.stringify({
    cwd: process.cwd(),
    args,
    target: [env.npm_config_platform, env.npm_config_arch, env.npm_config_target],
  })}\n`,
);

const release = path.join('node_modules', 'better-sqlite3', 'build', 'Release');
const elf = (machine) => {
  const header = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(header);
  header.writeUInt16LE(3, 16); // a shared object
  header.writeUInt16LE(machine, 18);
  return header;
};
const BINARIES = {
  'linux-x64': elf(0x3e),
  'linux-arm64': elf(0xb7),
  windows: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]),
};

if (args[0] === 'ci') {
  fs.mkdirSync(release, { recursive: true });
  fs.writeFileSync(path.join('node_modules', 'better-sqlite3', 'package.json'), '{}');
} else if (args[0] === 'rebuild' && args[1] === 'better-sqlite3') {
  fs.writeFileSync(path.join(release, 'better_sqlite3.node'), BINARIES[env.FAKE_NPM_BINARY]);
} else {
  process.stderr.write(`fake npm: unexpected npm ${args.join(' ')}\n`);
  process.exit(1);
}
