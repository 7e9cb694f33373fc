import { type ConfigurableStep } from '../domain/revocation/step-id';
import { type ObjectId, type UserRef } from '../domain/user-ref';
import { type AuditLog } from '../ports/audit-log';
import { type Clock } from '../ports/clock';
import { type Directory } from '../ports/directory';
import { type IdSource } from '../ports/id-source';
import { type Logger } from '../ports/logger';
import { type PasswordSource } from '../ports/password-source';
import { type RequestNotifier } from '../ports/request-notifier';
import { type RequestStore } from '../ports/request-store';

/** Everything the use cases need, built once by main.ts; every field is required. */
export interface CoreDeps {
  readonly directory: Directory;
  readonly requests: RequestStore;
  readonly audit: AuditLog;
  readonly notifier: RequestNotifier;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly passwords: PasswordSource;
  readonly log: Logger;
}

/** The policy knobs of SPEC sections 3 and 4, from the configuration. */
export interface CoreSettings {
  readonly approverGroupId: ObjectId;
  readonly requesterGroupId: ObjectId;
  readonly ttlMinutes: number;
  readonly protectedUsers: readonly UserRef[];
  readonly allowPrivilegedTargets: boolean;
  readonly pipelineSteps: readonly ConfigurableStep[];
  /** DECISION_CHECK_DEADLINE_MS unless a test studies something else than the deadline. */
  readonly decisionDeadlineMs?: number;
}
