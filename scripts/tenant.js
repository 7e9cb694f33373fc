// `npm run tenant`: the compiled tenant CLI, which `npm run demo` builds. Without a build there
// can be no running demo to talk to, so say how to start one.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli', 'tenant.js');
if (!fs.existsSync(cli)) {
  console.error(
    'tenant: no demo is running here. Start one first, in another terminal: npm run demo',
  );
  process.exit(1);
}
require(cli);
