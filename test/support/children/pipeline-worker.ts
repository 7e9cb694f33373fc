// A Lockdown instance reduced to its revocation runner, for the crash test: it opens the store
// in DATA_DIR, connects to Graph as configured by the environment, resumes every approved or
// interrupted request, and exits when they are done. The test kills it mid-flight.
// Options (argv): --max-step-attempts=N and --max-backoff-ms=N shorten how long a step keeps
// trying before it is reported failed (the defaults are production's).
import { SqliteAuditLog } from '../../../src/adapters/audit/sqlite-audit-log';
import { SystemClock } from '../../../src/adapters/clock/system-clock';
import { CryptoIdSource } from '../../../src/adapters/crypto/crypto-id-source';
import { CryptoPasswordSource } from '../../../src/adapters/crypto/crypto-password-source';
import { connectGraph } from '../../../src/adapters/graph/create-graph-directory';
import { JsonLogger } from '../../../src/adapters/log/json-logger';
import { openSqliteDatabase } from '../../../src/adapters/storage/sqlite-database';
import { SqliteRequestStore } from '../../../src/adapters/storage/sqlite-request-store';
import { loadConfig } from '../../../src/config';
import { RevocationRunner, RUNNER_DEFAULTS } from '../../../src/use-cases/revocation-runner';
import { RecordingNotifier } from '../../fakes/recording-notifier';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = openSqliteDatabase(config.store.dataDir);
  const clock = new SystemClock();
  const log = new JsonLogger({ level: 'info', write: (line) => process.stdout.write(`${line}\n`) });
  const { directory } = connectGraph(config.graph, { client: { requestTimeoutMs: 60_000 } });
  const runner = new RevocationRunner(
    {
      directory,
      requests: new SqliteRequestStore(db),
      audit: new SqliteAuditLog(db, clock, 'crash-test'),
      notifier: new RecordingNotifier(),
      clock,
      ids: new CryptoIdSource(),
      passwords: new CryptoPasswordSource(),
      log,
    },
    {
      ...RUNNER_DEFAULTS,
      owner: `worker-${process.pid}`,
      leaseMs: 2_000,
      pipeline: {
        ...RUNNER_DEFAULTS.pipeline,
        maxStepAttempts: option('max-step-attempts') ?? RUNNER_DEFAULTS.pipeline.maxStepAttempts,
        maxBackoffMs: option('max-backoff-ms') ?? RUNNER_DEFAULTS.pipeline.maxBackoffMs,
      },
    },
  );
  log.info('worker resuming', { runnable: await runner.resumeAll() });
  await runner.idle();
  db.close();
  log.info('worker done');
}

function option(name: string): number | undefined {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return value === undefined ? undefined : Number(value);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
