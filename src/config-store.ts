import path from 'node:path';
import { z } from 'zod';
import { isLoopbackHost, oneOf, url } from './config-fields';

/** Where Lockdown keeps its durable state (SPEC sections 6 and 10). */
export const STORE_KINDS = ['sqlite', 'table'] as const;

/** How Lockdown reaches Azure Table Storage. */
export type TableAccess =
  | {
      /** The account's table endpoint, reached with Lockdown's Azure identity (no key). */
      readonly kind: 'account-url';
      readonly url: string;
      /** True only for plain http on loopback (an emulator). */
      readonly allowHttp: boolean;
    }
  | {
      readonly kind: 'connection-string';
      /**
       * The whole connection string: it carries the account key. Named `secret` so that log
       * redaction removes it by key name if a careless line ever logs the configuration.
       */
      readonly secret: string;
      readonly allowHttp: boolean;
    };

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly dataDir: string }
  | {
      readonly kind: 'table';
      /** Unused by the table store; kept so that tools that only know SQLite can say so. */
      readonly dataDir: string;
      readonly access: TableAccess;
      /** Lockdown's tables are `<prefix>requests`, `<prefix>audit` and `<prefix>watcher`. */
      readonly tablePrefix: string;
    };

/** Table names are 3–63 letters and digits starting with a letter; the longest suffix is 8. */
const TABLE_PREFIX = /^[A-Za-z][A-Za-z0-9]{0,54}$/;
const OTHER_SERVICES = /\.(blob|queue|file|dfs|web)\.core\./i;

export const STORE_FIELDS = {
  STORE: oneOf(STORE_KINDS).default('sqlite'),
  STORE_TABLE_URL: url({ allowPath: true }).optional(),
  STORE_CONNECTION_STRING: z
    .string()
    .transform((value, ctx) => {
      for (const message of connectionStringProblems(value))
        ctx.addIssue({ code: 'custom', message });
      return value;
    })
    .optional(),
  STORE_TABLE_PREFIX: z
    .string()
    .regex(
      TABLE_PREFIX,
      'must be 1–55 letters and digits starting with a letter (Table Storage names allow nothing else)',
    )
    .optional(),
  DATA_DIR: z.string().default('./data'),
};

interface StoreRaw {
  readonly STORE: (typeof STORE_KINDS)[number];
  readonly STORE_TABLE_URL?: URL;
  readonly STORE_CONNECTION_STRING?: string;
  readonly STORE_TABLE_PREFIX?: string;
  readonly DATA_DIR: string;
}

const TABLE_ONLY = ['STORE_TABLE_URL', 'STORE_CONNECTION_STRING', 'STORE_TABLE_PREFIX'] as const;

/**
 * Combinations that parse but make no sense. A table setting without STORE=table is refused:
 * two instances that silently fell back to their own SQLite files would each decide alone.
 */
export function storeProblems(raw: StoreRaw): string[] {
  if (raw.STORE === 'sqlite') {
    return TABLE_ONLY.filter((key) => raw[key] !== undefined).map(
      (key) =>
        `${key}: is set but STORE is sqlite (the default); set STORE=table to use Azure Table Storage, or remove ${key}`,
    );
  }
  const problems: string[] = [];
  if (!raw.STORE_TABLE_URL && !raw.STORE_CONNECTION_STRING) {
    problems.push(
      'STORE_TABLE_URL: is required when STORE is table: the account table endpoint (https://<account>.table.core.windows.net), reached with the managed identity; or set STORE_CONNECTION_STRING instead (Azurite, or a connection string)',
    );
  }
  if (raw.STORE_TABLE_URL && raw.STORE_CONNECTION_STRING) {
    problems.push(
      'STORE_CONNECTION_STRING: set only one of STORE_TABLE_URL and STORE_CONNECTION_STRING',
    );
  }
  const service = raw.STORE_TABLE_URL && OTHER_SERVICES.exec(raw.STORE_TABLE_URL.hostname);
  if (service) {
    problems.push(
      `STORE_TABLE_URL: points at the storage account's ${service[1]!.toLowerCase()} service; use its table endpoint (https://<account>.table.core.windows.net)`,
    );
  }
  return problems;
}

export function storeConfig(raw: StoreRaw): StoreConfig {
  const dataDir = path.resolve(raw.DATA_DIR);
  if (raw.STORE === 'sqlite') return { kind: 'sqlite', dataDir };
  const access: TableAccess = raw.STORE_TABLE_URL
    ? {
        kind: 'account-url',
        url: raw.STORE_TABLE_URL.href.replace(/\/$/, ''),
        allowHttp: raw.STORE_TABLE_URL.protocol === 'http:',
      }
    : {
        kind: 'connection-string',
        secret: raw.STORE_CONNECTION_STRING!,
        allowHttp: tableEndpointOf(parsePairs(raw.STORE_CONNECTION_STRING!)!)?.protocol === 'http:',
      };
  return { kind: 'table', dataDir, access, tablePrefix: raw.STORE_TABLE_PREFIX ?? 'lockdown' };
}

/**
 * What is wrong with a connection string, never quoting it: it carries the account key.
 * `url()` already refuses http off loopback for STORE_TABLE_URL; this does the same here.
 */
function connectionStringProblems(value: string): string[] {
  const pairs = parsePairs(value);
  if (!pairs) {
    return ['is not a connection string (Key=Value pairs separated by semicolons)'];
  }
  if (pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true') return [];
  const problems: string[] = [];
  if (!pairs.has('accountkey') && !pairs.has('sharedaccesssignature')) {
    problems.push(
      'has neither AccountKey nor SharedAccessSignature (for the managed identity, set STORE_TABLE_URL instead)',
    );
  }
  if (pairs.has('accountkey') && !pairs.has('accountname')) {
    problems.push('has an AccountKey but no AccountName');
  }
  const endpoint = tableEndpointOf(pairs);
  if (endpoint === undefined) {
    problems.push(
      pairs.has('tableendpoint')
        ? 'has a TableEndpoint that is not an absolute http(s) URL'
        : 'names no table endpoint (TableEndpoint=…, or AccountName=… with DefaultEndpointsProtocol=https)',
    );
  } else if (endpoint.protocol !== 'https:' && !isLoopbackHost(endpoint.hostname)) {
    problems.push('must use https (http is allowed only on loopback, e.g. Azurite)');
  }
  return problems;
}

/** Keys in lower case (the SDK reads them case-insensitively); undefined if not key=value pairs. */
function parsePairs(value: string): Map<string, string> | undefined {
  const pairs = new Map<string, string>();
  for (const part of value.split(';')) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    pairs.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return pairs.size > 0 ? pairs : undefined;
}

/** The table endpoint the SDK will use: TableEndpoint, or the one built from the account name. */
function tableEndpointOf(pairs: Map<string, string>): URL | undefined {
  if (pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true')
    return new URL('http://127.0.0.1:10002/devstoreaccount1');
  const explicit = pairs.get('tableendpoint');
  const built =
    pairs.has('accountname') &&
    `${pairs.get('defaultendpointsprotocol') ?? 'https'}://${pairs.get('accountname')}.table.${pairs.get('endpointsuffix') ?? 'core.windows.net'}`;
  const text = explicit ?? (built || undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
