import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteAuditLog } from '../../src/adapters/audit/sqlite-audit-log';
import { SystemClock } from '../../src/adapters/clock/system-clock';
import { CryptoIdSource } from '../../src/adapters/crypto/crypto-id-source';
import { CryptoPasswordSource } from '../../src/adapters/crypto/crypto-password-source';
import { JsonLogger } from '../../src/adapters/log/json-logger';
import {
  openSqliteDatabase,
  type SqliteDatabase,
} from '../../src/adapters/storage/sqlite-database';
import { SqliteRequestStore } from '../../src/adapters/storage/sqlite-request-store';
import { type RevocationRequest } from '../../src/domain/revocation/revocation-request';
import { parseUserRef, toObjectId, type ObjectId } from '../../src/domain/user-ref';
import { type GraphSimulator } from '../../src/simulator/graph/start-graph-simulator';
import { type CoreDeps, type CoreSettings } from '../../src/use-cases/core-deps';
import { DecideRevocation, type RunScheduler } from '../../src/use-cases/decide-revocation';
import { RequestRevocation } from '../../src/use-cases/request-revocation';
import { RetryRevocation } from '../../src/use-cases/retry-revocation';
import { RevocationRunner, RUNNER_DEFAULTS } from '../../src/use-cases/revocation-runner';
import { RecordingNotifier } from '../fakes/recording-notifier';
import { connectToSimulator } from './graph-connection';

/** The demo tenant's security team: Sam requests, Noah and Ava approve. */
export const TEAM = {
  requester: {
    aadObjectId: toObjectId('a0000000-0000-4000-8000-000000000001'),
    displayName: 'Sam Rivera',
  },
  approver: {
    aadObjectId: toObjectId('a0000000-0000-4000-8000-000000000003'),
    displayName: 'Noah Kim',
  },
  secondApprover: {
    aadObjectId: toObjectId('a0000000-0000-4000-8000-000000000002'),
    displayName: 'Ava Chen',
  },
} as const;

export const CORE_SETTINGS: CoreSettings = {
  approverGroupId: toObjectId('b0000000-0000-4000-8000-000000000002'),
  requesterGroupId: toObjectId('b0000000-0000-4000-8000-000000000001'),
  ttlMinutes: 30,
  protectedUsers: [{ kind: 'upn', upn: 'breakglass01@contoso.onmicrosoft.com' }],
  allowPrivilegedTargets: false,
  pipelineSteps: ['disable-account', 'revoke-sessions', 'disable-devices'],
};

export interface CoreStackOptions {
  readonly dataDir?: string;
  /** false: approvals and retries are recorded but nothing runs (a separate process will). */
  readonly run?: boolean;
  readonly settings?: Partial<CoreSettings>;
  /** What the channel would have been shown is recorded here (a fresh one by default). */
  readonly notifier?: RecordingNotifier;
}

/**
 * The revocation core on the real adapters: SQLite on disk, the Graph adapter over HTTPS to the
 * simulator (through the managed identity), the hash-chained audit trail, JSON logs captured.
 * Only the channel is recorded instead of posted (the Teams surface is tested end to end).
 */
export function startCoreStack(sim: GraphSimulator, options: CoreStackOptions = {}) {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-core-'));
  const db: SqliteDatabase = openSqliteDatabase(dataDir);
  const clock = new SystemClock();
  const graph = connectToSimulator(sim, { client: { requestTimeoutMs: 5_000 } });
  const logLines: string[] = [];
  const notifier = options.notifier ?? new RecordingNotifier();
  const requests = new SqliteRequestStore(db);
  const audit = new SqliteAuditLog(db, clock, 'test');
  const deps: CoreDeps = {
    directory: graph.directory,
    requests,
    audit,
    notifier,
    clock,
    ids: new CryptoIdSource(),
    passwords: new CryptoPasswordSource(),
    log: new JsonLogger({ level: 'debug', write: (line) => logLines.push(line) }),
  };
  const settings = { ...CORE_SETTINGS, ...options.settings };
  const runner = new RevocationRunner(deps, {
    ...RUNNER_DEFAULTS,
    owner: `test-${process.pid}`,
    leaseMs: 5_000,
    pipeline: { ...RUNNER_DEFAULTS.pipeline, verifyDelayMs: 200, maxBackoffMs: 2_000 },
  });
  const scheduler: RunScheduler = options.run === false ? { schedule: () => undefined } : runner;
  const open = new RequestRevocation(deps, settings);
  const decide = new DecideRevocation(deps, settings, scheduler);

  /** Opens a request for `upns` as Sam and has Noah approve it on its card. */
  const approve = async (
    upns: readonly string[],
    steps?: RevocationRequest['steps'],
  ): Promise<RevocationRequest> => {
    const request = await open.execute({
      requester: TEAM.requester,
      targets: upns.map(parseUserRef),
      reason: 'integration test',
      steps,
    });
    return decide.execute({
      token: request.token,
      actor: TEAM.approver,
      action: 'approve',
      origin: { conversationId: request.card!.conversationId, replyToId: request.card!.activityId },
      manual: true,
    });
  };

  /** Approves and waits for the run to end; returns the final request and its steps. */
  const revoke = async (upns: readonly string[], steps?: RevocationRequest['steps']) => {
    const approved = await approve(upns, steps);
    await runner.idle();
    return {
      request: (await requests.get(approved.id))!,
      steps: await requests.listSteps(approved.id),
    };
  };

  return {
    dataDir,
    db,
    deps,
    graph,
    requests,
    audit,
    notifier,
    logLines,
    runner,
    open,
    decide,
    retry: new RetryRevocation(deps, settings, scheduler),
    approve,
    revoke,
    close: async () => {
      await runner.stop();
      graph.restoreEnv();
      db.close();
    },
    removeData: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export type CoreStack = ReturnType<typeof startCoreStack>;

/** A fresh target in the simulator, so tests never share state. */
export function freshUser(
  sim: GraphSimulator,
  name: string,
  options: { devices?: ReadonlyArray<{ os: string }>; synced?: boolean; guest?: boolean } = {},
): { id: ObjectId; upn: string; deviceIds: ObjectId[] } {
  const upn = options.guest
    ? `${name}_fabrikam.com#EXT#@contoso.onmicrosoft.com`
    : `${name}@contoso.com`;
  const user = sim.tenant.addUser({
    userPrincipalName: upn,
    displayName: name,
    onPremisesSyncEnabled: options.synced ? true : null,
    userType: options.guest ? 'Guest' : 'Member',
  });
  const deviceIds = (options.devices ?? []).map((d, i) =>
    toObjectId(
      sim.tenant.addDevice({
        owner: user.id,
        displayName: `${name}-DEV${i}`,
        operatingSystem: d.os,
      }).id,
    ),
  );
  return { id: toObjectId(user.id), upn, deviceIds };
}
