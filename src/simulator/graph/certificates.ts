import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

import forge from 'node-forge';

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface ServerTls extends PemPair {
  /** The CA the server certificate chains to (what clients must trust). */
  caCertPem: string;
}

const DAY_MS = 24 * 3600_000;

/**
 * A loopback server certificate (SAN IP 127.0.0.1 and DNS localhost) signed by the given CA,
 * or by a freshly generated one. Keys come from node:crypto (native, fast); forge only builds
 * and signs the X.509 structures. Validity uses the real clock: TLS peers check real time.
 */
export async function createServerTls(ca?: PemPair): Promise<ServerTls> {
  const [authority, { keyPem, publicKey }] = await Promise.all([
    ca ?? createCertificateAuthority(),
    generateRsaKey(),
  ]);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 7 * DAY_MS);
  const caCert = forge.pki.certificateFromPem(authority.certPem);
  cert.setSubject([{ name: 'commonName', value: 'Graph simulator (127.0.0.1)' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(authority.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem, caCertPem: authority.certPem };
}

/** A throwaway self-signed CA, used when the caller does not bring one. */
export async function createCertificateAuthority(): Promise<PemPair> {
  const { keyPem, publicKey } = await generateRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * DAY_MS);
  const name = [{ name: 'commonName', value: 'Graph simulator ephemeral CA' }];
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

/** Key generation runs on the libuv pool, so several keys are made in parallel. */
async function generateRsaKey(): Promise<{ keyPem: string; publicKey: forge.pki.PublicKey }> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
  });
  const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: forge.pki.publicKeyFromPem(spki),
  };
}

/** Positive (leading 0x01) random serial, as RFC 5280 requires. */
function serialNumber(): string {
  return `01${randomBytes(15).toString('hex')}`;
}
