import { type DeltaTokens } from './delta-tokens';
import { type GraphCall, type GraphResponse } from './graph-pipeline';
import { type GraphRequestError } from './graph-response';
import { type OpaqueTokens } from './opaque-tokens';
import { type SimClock } from './sim-clock';
import { type SubscriptionService } from './subscription-service';
import { type TenantModel } from './tenant-model';

/** Everything a route handler may use; one per simulator instance (no module-level state). */
export interface SimulatorContext {
  readonly model: TenantModel;
  readonly clock: SimClock;
  /** Signs $skiptoken values. */
  readonly tokens: OpaqueTokens;
  readonly deltaTokens: DeltaTokens;
  readonly subscriptions: SubscriptionService;
  /** The subscription validation handshake against one URL (throws InvalidRequest). */
  validateEndpoint(url: string): Promise<void>;
  /** 'https://127.0.0.1:<port>', the origin absolute links point at. */
  readonly baseUrl: string;
  readonly pageSize: number;
  /** Runs one $batch item through routing, faults, handlers and the call log. */
  execute(call: GraphCall): Promise<GraphResponse>;
  /** Answers a $batch item with an error without running it, and logs it (424, bad url). */
  reject(call: GraphCall, error: GraphRequestError): GraphResponse;
}
