import { type Route } from '../router';
import { AUDIT_LOG_ROUTES } from './audit-logs';
import { BATCH_ROUTES } from './batch';
import { DELTA_ROUTES } from './delta';
import { DEVICE_ROUTES } from './devices';
import { MEMBERSHIP_ROUTES } from './membership';
import { ROLE_ROUTES } from './roles';
import { SUBSCRIPTION_ROUTES } from './subscriptions';
import { USER_ROUTES } from './users';

/** Every Graph endpoint the simulator serves. /users/delta precedes /users/{id}. */
export const GRAPH_ROUTES: readonly Route[] = [
  ...DELTA_ROUTES,
  ...USER_ROUTES,
  ...DEVICE_ROUTES,
  ...MEMBERSHIP_ROUTES,
  ...ROLE_ROUTES,
  ...SUBSCRIPTION_ROUTES,
  ...AUDIT_LOG_ROUTES,
  ...BATCH_ROUTES,
];
