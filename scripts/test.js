#!/usr/bin/env node
// `npm test`: runs jest with an ephemeral certificate authority trusted from process start.
//
// Tests talk to the Graph simulator over real HTTPS through the same adapter code production
// uses, so the simulator's certificate must be trusted the standard way (NODE_EXTRA_CA_CERTS),
// which Node reads only when a process starts. This launcher makes a throwaway CA, trusts it
// for jest and every child process, and hands its key to the simulator (LOCKDOWN_TEST_CA_DIR)
// so each simulator instance can issue its own server certificate at start.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const forge = require('node-forge');

function createCertificateAuthority() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }));
  cert.serialNumber = `01${crypto.randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 2 * 24 * 3600_000);
  const name = [{ name: 'commonName', value: 'Lockdown ephemeral test CA' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-test-ca-'));
  try {
    const ca = createCertificateAuthority();
    fs.writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
    fs.writeFileSync(path.join(dir, 'ca-key.pem'), ca.keyPem, { mode: 0o600 });
    const existing = process.env.NODE_EXTRA_CA_CERTS;
    const bundle = path.join(dir, 'trusted.pem');
    const extra = existing && fs.existsSync(existing) ? fs.readFileSync(existing, 'utf8') : '';
    fs.writeFileSync(bundle, `${extra}\n${ca.certPem}`);

    const jest = require.resolve('jest/bin/jest');
    const result = spawnSync(process.execPath, [jest, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle, LOCKDOWN_TEST_CA_DIR: dir },
    });
    if (result.error) throw result.error;
    return result.status ?? 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();
