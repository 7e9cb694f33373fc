import { type TokenCredential } from '@azure/identity';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SystemClock } from './adapters/clock/system-clock';
import { CryptoIdSource } from './adapters/crypto/crypto-id-source';
import { CryptoPasswordSource } from './adapters/crypto/crypto-password-source';
import { connectGraph, type GraphDirectoryTuning } from './adapters/graph/create-graph-directory';
import { createGraphCredential } from './adapters/graph/graph-credential';
import { bridgeConsole } from './adapters/log/console-bridge';
import { JsonLogger } from './adapters/log/json-logger';
import { openStore } from './adapters/storage/open-store';
import { CHANNEL_TOKEN_ISSUER, createBotAdapter } from './adapters/teams/create-bot-adapter';
import { SecurityChannel, type ChannelAddress } from './adapters/teams/security-channel';
import { TeamsChannelAlerts } from './adapters/teams/teams-channel-alerts';
import { TeamsNotifier } from './adapters/teams/teams-notifier';
import { type Config } from './config';
import { createHttpServer, listen, type RunningServer } from './http/create-http-server';
import { readinessProbe } from './readiness-probe';
import { composeWatcher } from './start-watcher';
import { type Clock } from './ports/clock';
import { type Logger } from './ports/logger';
import { startMaintenance } from './start-maintenance';
import { startPermissionCheck } from './start-permission-check';
import { createBot } from './teams/bot';
import { createBotEndpoint } from './teams/bot-endpoint';
import { CardComposer } from './teams/card-composer';
import { EligibleApprovers } from './teams/eligible-approvers';
import { SeenTeamsUsers } from './teams/seen-teams-users';
import { type TeamsDeps, type TeamsSettings } from './teams/teams-deps';
import { AlertComposer } from './teams/alert-composer';
import { type Watcher } from './use-cases/watcher/watcher';
import { CancelRevocation } from './use-cases/cancel-revocation';
import { type CoreDeps, type CoreSettings } from './use-cases/core-deps';
import { DecideRevocation } from './use-cases/decide-revocation';
import { RequestRevocation } from './use-cases/request-revocation';
import { RetryRevocation } from './use-cases/retry-revocation';
import { RevocationRunner, RUNNER_DEFAULTS } from './use-cases/revocation-runner';

export interface StartOptions {
  /** Where log lines go; standard output by default. */
  readonly writeLog?: (line: string) => void;
  readonly graphTuning?: GraphDirectoryTuning;
  /**
   * For tests that move time: the clock Lockdown lives by, and a Graph credential to go with it
   * (a cached token outlives a simulated week). Production uses the system clock and the
   * credential the configuration chooses.
   */
  readonly clock?: Clock;
  readonly graphCredential?: TokenCredential;
}

export interface RunningLockdown {
  readonly url: string;
  readonly log: Logger;
  readonly runner: RevocationRunner;
  readonly notifier: TeamsNotifier;
  /** Null when WATCH_MODE=off. */
  readonly watcher: Watcher | null;
  /** Waits until background work started so far (runs, card updates) has settled. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The composition root: configuration → adapters → use cases → the Teams surface → the HTTP
 * server. The only place that creates adapters.
 */
export async function startLockdown(
  config: Config,
  options: StartOptions = {},
): Promise<RunningLockdown> {
  const log = new JsonLogger({ level: config.log.level, write: options.writeLog });
  const restoreConsole = bridgeConsole(log);
  const clock = options.clock ?? new SystemClock();
  // SQLite in DATA_DIR, or Azure Table Storage shared by every instance (STORE=table); with an
  // account URL it is reached as Lockdown's own Azure identity, the one Graph uses.
  const store = await openStore(config.store, {
    clock,
    botVersion: version(),
    credential: () => createGraphCredential(config.graph.credential),
  });
  const { requests, audit } = store;
  const graph = connectGraph(config.graph, options.graphTuning, options.graphCredential);
  const adapter = createBotAdapter(config, log);
  const channel = new SecurityChannel(adapter, channelAddress(config), log);
  const seen = new SeenTeamsUsers();
  const cards = new CardComposer(
    new EligibleApprovers(graph.directory, config.approval.approverGroupId, seen, clock),
  );
  const alertCards = new AlertComposer(config.watcher.autoRevokeMaxPerHour);
  const notifier = new TeamsNotifier(channel, cards, audit, log);
  const deps: CoreDeps = {
    directory: graph.directory,
    requests,
    audit,
    notifier,
    clock,
    ids: new CryptoIdSource(),
    passwords: new CryptoPasswordSource(),
    log,
  };
  const settings = coreSettings(config);
  const owner = `${os.hostname()}-${process.pid}`;
  const runner = new RevocationRunner(deps, { ...RUNNER_DEFAULTS, owner });
  const open = new RequestRevocation(deps, settings);
  const watch = composeWatcher(
    config,
    {
      ...deps,
      changes: graph.changes,
      watch: store.watch,
      alerts: new TeamsChannelAlerts(channel, alertCards, audit, log),
      runs: runner,
    },
    open,
    owner,
  );
  const permissions = startPermissionCheck(config, graph, log);
  const teams: TeamsDeps = {
    open,
    decide: new DecideRevocation(deps, settings, runner),
    cancel: new CancelRevocation(deps),
    retry: new RetryRevocation(deps, settings, runner),
    requests,
    directory: graph.directory,
    audit,
    clock,
    log,
    cards,
    alertCards,
    watcher: { control: watch.control, redisable: watch.redisable, status: watch.status },
    seen,
    settings: teamsSettings(config, permissions.missing),
  };
  const bot = createBot(adapter, teams);
  const scope = `${new URL(config.graph.endpoint).origin}/.default`;
  const server = createHttpServer({
    log,
    messages: createBotEndpoint(adapter, bot.handleInbound, log),
    requireBearer: !config.bot.anonymous,
    graphNotifications: watch.endpoint,
    readiness: readinessProbe(log, {
      store: {
        failure: 'the store cannot be read',
        run: () => store.probe(),
      },
      graphCredential: {
        failure: 'no Microsoft Graph token',
        run: async () => void (await graph.credential.getToken(scope)),
      },
      graphPermissions: permissions.readiness,
    }),
  });
  const running: RunningServer = await listen(server, config.server.port, config.server.host);
  const maintenance = startMaintenance(deps, runner, log);
  // After listen: creating the subscription makes Graph call the endpoint to validate it.
  watch.watcher?.start();
  log.info('Lockdown is listening', {
    url: running.url,
    anonymous: config.bot.anonymous,
    graph: config.graph.endpoint,
    watcher: config.watcher.mode === 'off' ? 'off' : config.watcher.webhooks ? 'webhooks' : 'delta',
  });
  return {
    url: running.url,
    log,
    runner,
    notifier,
    watcher: watch.watcher,
    settle: async () => {
      await runner.idle();
      await notifier.flush();
    },
    close: async () => {
      maintenance.stop();
      await watch.watcher?.stop();
      await running.close();
      await runner.stop();
      await notifier.flush();
      await store.close();
      restoreConsole();
    },
  };
}

/** The security channel, from configuration only (threat-model T6). */
function channelAddress(config: Config): ChannelAddress {
  return {
    botAppId: config.bot.appId,
    serviceUrl: config.teams.serviceUrl,
    channelId: config.teams.securityChannelId,
    tenantId: config.bot.tenantId ?? config.tenants.allowed[0]!,
    audience: config.bot.endpointOverrides?.ToChannelFromBotOAuthScope ?? CHANNEL_TOKEN_ISSUER,
  };
}

function teamsSettings(config: Config, missingPermissions: () => readonly string[]): TeamsSettings {
  return {
    botAppId: config.bot.appId,
    anonymous: config.bot.anonymous,
    allowedTenantIds: config.tenants.allowed,
    allowedServiceUrlHosts: config.teams.allowedServiceUrlHosts,
    requesterGroupId: config.approval.requesterGroupId,
    approverGroupId: config.approval.approverGroupId,
    pipelineSteps: config.pipeline.steps,
    missingPermissions,
  };
}

function coreSettings(config: Config): CoreSettings {
  return {
    approverGroupId: config.approval.approverGroupId,
    requesterGroupId: config.approval.requesterGroupId,
    ttlMinutes: config.approval.ttlMinutes,
    protectedUsers: config.approval.protectedUsers,
    allowPrivilegedTargets: config.approval.allowPrivilegedTargets,
    pipelineSteps: config.pipeline.steps,
  };
}

/** Lockdown's version, for audit records (the package file sits above src/ and dist/). */
function version(): string {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}
