import { randomBytes, randomInt } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';

import { createAdminApi } from './admin-api';
import { CallRecorder } from './call-log';
import { DeltaTokens } from './delta-tokens';
import { FaultRegistry } from './faults';
import { GraphPipeline } from './graph-pipeline';
import { createGraphHandler } from './graph-server';
import { type GraphSimulatorOptions } from './graph-simulator';
import { OpaqueTokens } from './opaque-tokens';
import { GRAPH_ROUTES } from './routes/all-routes';
import { type Scheduler } from './scheduler';
import { type SimClock } from './sim-clock';
import { type SimulatorContext } from './simulator-context';
import { SubscriptionService } from './subscription-service';
import { SimTenantAdmin } from './tenant-admin';
import { type TenantModel } from './tenant-model';
import { type TokenService } from './token-service';
import { validateNotificationEndpoint } from './validation-handshake';

export interface AssemblyInput {
  model: TenantModel;
  clock: SimClock;
  scheduler: Scheduler;
  tokens: TokenService;
  /** 'https://127.0.0.1:<port>': known only once the HTTPS listener is bound. */
  origin: string;
  options: GraphSimulatorOptions;
  setGrantedPermissions(permissions: string[]): void;
}

export interface GraphAssembly {
  tenant: SimTenantAdmin;
  faults: FaultRegistry;
  calls: CallRecorder;
  adminKey: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Wires one simulator instance: the services behind the Graph routes, the pipeline every call
 * goes through, the admin API, and the HTTPS request handler that fronts them.
 */
export function assembleGraph(input: AssemblyInput): GraphAssembly {
  const { model, clock, scheduler, options } = input;
  const faults = new FaultRegistry();
  const calls = new CallRecorder();
  const opaque = new OpaqueTokens();
  const deltaTokens = new DeltaTokens(opaque, clock);
  const subscriptions = new SubscriptionService(model, clock, scheduler);
  const tenant = new SimTenantAdmin(model, subscriptions, deltaTokens);
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
  const pipeline: GraphPipeline = new GraphPipeline({
    routes: GRAPH_ROUTES,
    faults,
    calls,
    scheduler,
    clock,
    context: () => context,
  });
  const context: SimulatorContext = {
    model,
    clock,
    tokens: opaque,
    deltaTokens,
    subscriptions,
    baseUrl: input.origin,
    pageSize: options.pageSize ?? 100,
    execute: (call) => pipeline.execute(call),
    reject: (call, error) => pipeline.reject(call, error),
    validateEndpoint: (url) => validateNotificationEndpoint(url, scheduler, handshakeTimeoutMs),
  };
  const adminKey = randomBytes(24).toString('hex');
  const admin = createAdminApi({
    tenant,
    faults,
    calls,
    clock,
    setGrantedPermissions: input.setGrantedPermissions,
  });
  const handler = createGraphHandler({
    pipeline,
    tokens: input.tokens,
    calls,
    scheduler,
    clock,
    adminKey,
    admin,
    latency: latencyOf(options.latencyMs),
  });
  return { tenant, faults, calls, adminKey, handler };
}

function latencyOf(option: GraphSimulatorOptions['latencyMs']): () => number {
  if (option === undefined) return () => 0;
  if (typeof option === 'number') return () => option;
  const [min, max] = option;
  return () => (max > min ? randomInt(min, max + 1) : min);
}
