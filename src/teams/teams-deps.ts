import { type ConfigurableStep } from '../domain/revocation/step-id';
import { type ObjectId } from '../domain/user-ref';
import { type AuditLog } from '../ports/audit-log';
import { type Clock } from '../ports/clock';
import { type Directory } from '../ports/directory';
import { type Logger } from '../ports/logger';
import { type RequestStore } from '../ports/request-store';
import { type CancelRevocation } from '../use-cases/cancel-revocation';
import { type DecideRevocation } from '../use-cases/decide-revocation';
import { type RequestRevocation } from '../use-cases/request-revocation';
import { type RetryRevocation } from '../use-cases/retry-revocation';
import { type AutomationControl } from '../use-cases/watcher/automation-control';
import { type RedisableSnapBack } from '../use-cases/watcher/redisable-snap-back';
import { type WatcherStatus } from '../use-cases/watcher/watcher';
import { type AlertComposer } from './alert-composer';
import { type CardComposer } from './card-composer';
import { type SeenTeamsUsers } from './seen-teams-users';

/** What the Teams surface is told about the deployment (from the configuration). */
export interface TeamsSettings {
  readonly botAppId: string;
  readonly anonymous: boolean;
  readonly allowedTenantIds: readonly string[];
  readonly allowedServiceUrlHosts: readonly string[];
  readonly requesterGroupId: ObjectId;
  readonly approverGroupId: ObjectId;
  readonly pipelineSteps: readonly ConfigurableStep[];
  /** Graph permissions Lockdown's token lacks, for the help card (empty when all are there). */
  readonly missingPermissions: () => readonly string[];
}

/** Everything the Teams surface needs; built once by main.ts. */
export interface TeamsDeps {
  readonly open: RequestRevocation;
  readonly decide: DecideRevocation;
  readonly cancel: CancelRevocation;
  readonly retry: RetryRevocation;
  readonly requests: RequestStore;
  readonly directory: Directory;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly log: Logger;
  readonly cards: CardComposer;
  readonly alertCards: AlertComposer;
  readonly watcher: {
    readonly control: AutomationControl;
    readonly redisable: RedisableSnapBack;
    /** Null when the watcher is off (WATCH_MODE=off). */
    status(): Promise<WatcherStatus | null>;
  };
  readonly seen: SeenTeamsUsers;
  readonly settings: TeamsSettings;
}
