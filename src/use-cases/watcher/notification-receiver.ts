import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isObjectId, toObjectId, type ObjectId } from '../../domain/user-ref';
import { type WatcherDeps, type WatcherSettings } from './watcher-deps';

/** Graph's validation tokens are short; anything longer is not Graph (threat-model T19). */
export const MAX_VALIDATION_TOKEN = 1_024;

const item = z.object({
  subscriptionId: z.string().max(100).optional(),
  clientState: z.string().max(256).optional(),
  changeType: z.string().max(50).optional(),
  resource: z.string().max(300).optional(),
  tenantId: z.string().max(100).optional(),
  organizationId: z.string().max(100).optional(),
  lifecycleEvent: z.string().max(50).optional(),
  resourceData: z
    .object({
      id: z.string().max(100).optional(),
      organizationId: z.string().max(100).optional(),
    })
    .passthrough()
    .optional(),
});
const notifications = z.object({ value: z.array(z.unknown()).max(1_000) });

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
export interface Received {
  readonly queued: number;
  readonly refused: number;
  readonly lifecycle: ReadonlyArray<{
    readonly event: LifecycleEvent;
    readonly subscriptionId: string;
  }>;
}

/**
 * Graph change notifications (SPEC section 5; threat-model T18). The endpoint is public and
 * `clientState` is its only authenticator: it is compared in constant time, the subscription
 * must be Lockdown's and the tenant the home tenant. Accepted notifications are only hints:
 * they are queued durably and the answer goes back at once; the users are re-read later.
 */
export class NotificationReceiver {
  private readonly secretDigest: Buffer | null;

  constructor(
    private readonly deps: WatcherDeps,
    settings: WatcherSettings,
  ) {
    this.secretDigest = settings.notificationSecret ? digest(settings.notificationSecret) : null;
    this.homeTenant = settings.homeTenantId.toLowerCase();
  }

  private readonly homeTenant: string;

  /** Throws when the body is not a notification batch; the caller answers 400. */
  async receive(body: unknown): Promise<Received> {
    const batch = notifications.parse(body);
    const subscription = await this.deps.watch.subscription();
    const users: ObjectId[] = [];
    const lifecycle: Array<{ event: LifecycleEvent; subscriptionId: string }> = [];
    const refusals = new Map<string, number>();
    for (const raw of batch.value) {
      const parsed = item.safeParse(raw);
      const problem = parsed.success
        ? this.problemWith(parsed.data, subscription?.id)
        : 'not a change notification';
      if (problem) {
        refusals.set(problem, (refusals.get(problem) ?? 0) + 1);
        continue;
      }
      const notification = parsed.data!;
      if (notification.lifecycleEvent)
        lifecycle.push({
          event: notification.lifecycleEvent as LifecycleEvent,
          subscriptionId: notification.subscriptionId!,
        });
      else users.push(toObjectId(userIdOf(notification)!));
    }
    const queued = await this.deps.watch.enqueue(
      users.map((userId) => ({ userId, source: 'webhook' })),
      this.deps.clock.now(),
    );
    // One record per POST, whatever a forger puts in it: a flood costs one append, not a thousand.
    if (refusals.size > 0) await this.refuse(refusals);
    const refused = [...refusals.values()].reduce((a, b) => a + b, 0);
    return { queued, refused, lifecycle };
  }

  private problemWith(
    notification: z.infer<typeof item>,
    subscriptionId: string | undefined,
  ): string | undefined {
    if (
      !this.secretDigest ||
      !notification.clientState ||
      !timingSafeEqual(digest(notification.clientState), this.secretDigest)
    ) {
      return 'clientState does not match';
    }
    if (!subscriptionId || notification.subscriptionId !== subscriptionId)
      return 'unknown subscription';
    const tenant = (
      notification.tenantId ??
      notification.organizationId ??
      notification.resourceData?.organizationId ??
      ''
    ).toLowerCase();
    if (tenant !== this.homeTenant) return 'foreign tenant';
    if (notification.lifecycleEvent) {
      return ['reauthorizationRequired', 'subscriptionRemoved', 'missed'].includes(
        notification.lifecycleEvent,
      )
        ? undefined
        : 'unknown lifecycle event';
    }
    return userIdOf(notification) ? undefined : 'no user id';
  }

  private async refuse(refusals: ReadonlyMap<string, number>): Promise<void> {
    const reasons = [...refusals.entries()].map(([reason, count]) => `${reason} (${count})`);
    this.deps.log.warn('change notifications refused', { reasons });
    await this.deps.audit.append({
      eventType: 'notification_refused',
      actor: { aadObjectId: 'unknown', role: 'unknown' },
      source: { channel: 'webhook' },
      outcome: 'refused',
      reason: [...refusals.keys()].join('; '),
      detail: reasons.join('; '),
    });
  }
}

/** The user a notification names: `resourceData.id`, or the id in `Users/{id}`. */
function userIdOf(notification: z.infer<typeof item>): string | undefined {
  const id =
    notification.resourceData?.id ?? /^users\/([^/]+)$/i.exec(notification.resource ?? '')?.[1];
  return id && isObjectId(id) ? id : undefined;
}

/** Both sides hashed first, so the comparison takes the same time whatever the lengths. */
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
