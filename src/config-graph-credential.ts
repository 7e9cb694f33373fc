import path from 'node:path';

/** Lockdown's Azure identity: for Graph, and for Table Storage when STORE_TABLE_URL is set. */
export type GraphCredentialConfig =
  | { readonly kind: 'managed-identity'; readonly clientId: string | null }
  | {
      readonly kind: 'client-secret';
      readonly tenantId: string;
      readonly clientId: string;
      readonly secret: string;
    }
  | {
      readonly kind: 'client-certificate';
      readonly tenantId: string;
      readonly clientId: string;
      readonly certificatePath: string;
    };

interface CredentialRaw {
  readonly AZURE_CLIENT_ID?: string;
  readonly AZURE_TENANT_ID?: string;
  readonly AZURE_CLIENT_SECRET?: string;
  readonly AZURE_CLIENT_CERTIFICATE_PATH?: string;
}

export function graphCredentialProblems(raw: CredentialRaw): string[] {
  const problems: string[] = [];
  if (raw.AZURE_CLIENT_SECRET && raw.AZURE_CLIENT_CERTIFICATE_PATH) {
    problems.push(
      'AZURE_CLIENT_SECRET: set only one of AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH',
    );
  }
  if (raw.AZURE_CLIENT_SECRET || raw.AZURE_CLIENT_CERTIFICATE_PATH) {
    if (!raw.AZURE_CLIENT_ID)
      problems.push('AZURE_CLIENT_ID: is required with a client secret or certificate');
    if (!raw.AZURE_TENANT_ID)
      problems.push('AZURE_TENANT_ID: is required with a client secret or certificate');
  }
  return problems;
}

export function graphCredential(raw: CredentialRaw): GraphCredentialConfig {
  if (raw.AZURE_CLIENT_SECRET) {
    return {
      kind: 'client-secret',
      tenantId: raw.AZURE_TENANT_ID!,
      clientId: raw.AZURE_CLIENT_ID!,
      secret: raw.AZURE_CLIENT_SECRET,
    };
  }
  if (raw.AZURE_CLIENT_CERTIFICATE_PATH) {
    return {
      kind: 'client-certificate',
      tenantId: raw.AZURE_TENANT_ID!,
      clientId: raw.AZURE_CLIENT_ID!,
      certificatePath: path.resolve(raw.AZURE_CLIENT_CERTIFICATE_PATH),
    };
  }
  return { kind: 'managed-identity', clientId: raw.AZURE_CLIENT_ID ?? null };
}
