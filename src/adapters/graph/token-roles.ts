/**
 * The `roles` claim of an app-only access token: the Graph application permissions granted to
 * Lockdown's identity. Read without verifying the signature, on purpose: the token comes straight
 * from our own credential, and the roles are only reported (readyz, the help card), never used
 * to allow anything; Graph itself enforces them. Undefined when the token is not a readable JWT
 * (an encrypted or opaque token); a JWT without the claim carries no permissions at all.
 */
export function rolesInAccessToken(token: string): readonly string[] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
  const roles = (claims as { roles?: unknown }).roles;
  if (roles === undefined) return [];
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : undefined;
}
