/**
 * The `iss` claim of a `Bearer` JWT, read WITHOUT verifying anything: only good enough to turn
 * away a token before the Bot Framework SDK looks at it. Undefined when the header is not a
 * Bearer JWT with a string issuer.
 */
export function unverifiedIssuer(authHeader: string): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authHeader);
  if (!match) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(match[2]!, 'base64url').toString('utf8'));
    const issuer = (payload as { iss?: unknown } | null)?.iss;
    return typeof issuer === 'string' ? issuer : undefined;
  } catch {
    return undefined;
  }
}
