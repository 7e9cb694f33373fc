import fs from 'node:fs';
import { parseAnchor, verifyChain, type ChainAnchor } from '../adapters/audit/audit-chain';
import { SystemClock } from '../adapters/clock/system-clock';
import { createOperatorCredential } from '../adapters/graph/graph-credential';
import { openStore } from '../adapters/storage/open-store';
import { DATABASE_FILE } from '../adapters/storage/sqlite-database';
import { ConfigError, loadStorageConfig } from '../config';
import { type AuditLog } from '../ports/audit-log';

const HELP = `Usage: npm run audit -- <command> [options]

Commands:
  verify [--anchor N:HASH]
                      Check the audit trail's hash chain; names the first bad record. With
                      --anchor (a head from Lockdown's "audit chain head" log lines, kept
                      outside the store), also detects records cut from the end.
  export [--out F]    Write every record as JSON lines to F (default: standard output).

The store is the one Lockdown uses: by default SQLite in DATA_DIR (./data), file ${DATABASE_FILE};
with STORE=table the Azure Table Storage store named by STORE_TABLE_URL (reached as the Azure CLI's
signed-in user, az login, or the AZURE_* identity) or STORE_CONNECTION_STRING, and
STORE_TABLE_PREFIX.
Exit status: 0 when the chain is intact (verify) or the export is written, 1 when the chain is
broken, 2 for a usage error.`;

/** `npm run audit -- verify | export`: the operator's view of the tamper-evident trail. */
export async function runAuditCli(
  args: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'verify' && command !== 'export') {
    err(`Unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  const outFile = option(rest, '--out');
  const anchorText = option(rest, '--anchor');
  if (outFile === null || anchorText === null) {
    err('--out needs a file name and --anchor needs SEQ:HASH.');
    return 2;
  }
  const anchor = anchorText === undefined ? undefined : parseAnchor(anchorText);
  if (anchorText !== undefined && !anchor) {
    err(`--anchor "${anchorText}" is not SEQ:HASH (a record number, a colon, 64 hex digits).`);
    return 2;
  }
  let storage;
  try {
    storage = loadStorageConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(error.message);
    return 2;
  }
  const { store: where, credential } = storage;
  const store = await openStore(where, {
    clock: new SystemClock(),
    botVersion: 'cli',
    credential: () => createOperatorCredential(credential),
  });
  try {
    return command === 'verify'
      ? await verify(store.audit, anchor, out, err)
      : await exportRecords(store.audit, outFile, out);
  } finally {
    await store.close();
  }
}

/** The value after `name`: undefined when absent, null when present without a value. */
function option(args: readonly string[], name: string): string | undefined | null {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  return args[index + 1] ?? null;
}

async function verify(
  audit: AuditLog,
  anchor: ChainAnchor | undefined,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const verdict = await verifyChain(audit.records(), anchor);
  if (verdict.ok) {
    out(`Audit trail intact: ${verdict.count} record(s), head ${verdict.head}.`);
    return 0;
  }
  err(`Audit trail BROKEN at record ${verdict.seq}: ${verdict.problem}.`);
  return 1;
}

async function exportRecords(
  audit: AuditLog,
  file: string | undefined,
  out: (text: string) => void,
): Promise<number> {
  const lines: string[] = [];
  for await (const record of audit.records()) lines.push(JSON.stringify(record));
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  if (file) {
    fs.writeFileSync(file, text, { mode: 0o600 });
    out(`Exported ${lines.length} record(s) to ${file}.`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

if (require.main === module) {
  runAuditCli(
    process.argv.slice(2),
    (t) => console.log(t),
    (t) => console.error(t),
  ).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
