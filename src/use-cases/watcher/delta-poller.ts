import { SYSTEM_AUDIT_ACTOR } from '../../domain/audit/audit-event';
import { isDomainError } from '../../domain/errors';
import { type KnownState } from '../../domain/watcher/watched-user';
import { type DeltaPage, type DeltaUser } from '../../ports/directory-changes';
import { type WatcherDeps } from './watcher-deps';

/** Far more than any tenant's pages in one round; stops a feed that never ends. */
const MAX_PAGES = 10_000;

export type PollOutcome =
  | { readonly kind: 'baseline'; readonly users: number }
  | { readonly kind: 'changes'; readonly hints: number };

/**
 * Delta query on users (SPEC section 5): the primary watch without webhooks, the safety net with
 * them. The first round only records a baseline and acts on nothing (threat-model R28), and so
 * does the round after an expired delta link; later rounds queue each changed user as a hint.
 */
export class DeltaPoller {
  constructor(private readonly deps: WatcherDeps) {}

  async poll(): Promise<PollOutcome> {
    const link = await this.deps.watch.deltaLink();
    if (!link) return this.baseline('first round');
    try {
      return await this.changesSince(link);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'DELTA_TOKEN_EXPIRED') throw error;
      await this.deps.audit.append({
        eventType: 'watcher_event',
        actor: SYSTEM_AUDIT_ACTOR,
        outcome: 'info',
        reason: 'DELTA_TOKEN_EXPIRED',
        detail: 'the delta link expired: a new baseline, acting on nothing',
      });
      return this.baseline('the delta link expired');
    }
  }

  private async baseline(why: string): Promise<PollOutcome> {
    let users = 0;
    const deltaLink = await this.walk(await this.deps.changes.startDelta(), async (page) => {
      const now = this.deps.clock.now().toISOString();
      const states: KnownState[] = page.users.filter(hasState).map((u) => ({
        userId: u.id,
        accountEnabled: u.accountEnabled!,
        observedAt: now,
        pending: false,
      }));
      await this.deps.watch.recordStates(states);
      users += states.length;
    });
    await this.deps.watch.setDeltaLink(deltaLink);
    this.deps.log.info('delta baseline recorded', { why, users });
    return { kind: 'baseline', users };
  }

  private async changesSince(link: string): Promise<PollOutcome> {
    let hints = 0;
    const deltaLink = await this.walk(await this.deps.changes.followDelta(link), async (page) => {
      const changed = page.users
        .filter((u) => !u.removed)
        .map((u) => ({ userId: u.id, source: 'delta' as const }));
      hints += await this.deps.watch.enqueue(changed, this.deps.clock.now());
    });
    await this.deps.watch.setDeltaLink(deltaLink);
    if (hints > 0) this.deps.log.info('delta changes queued', { hints });
    return { kind: 'changes', hints };
  }

  /** Handles every page of a round; returns the round's deltaLink. */
  private async walk(
    first: DeltaPage,
    handle: (page: DeltaPage) => Promise<void>,
  ): Promise<string> {
    let page = first;
    for (let count = 1; ; count++) {
      await handle(page);
      if (page.deltaLink) return page.deltaLink;
      if (!page.nextLink || count >= MAX_PAGES)
        throw new Error('the delta feed ended without a deltaLink');
      page = await this.deps.changes.followDelta(page.nextLink);
    }
  }
}

const hasState = (user: DeltaUser): boolean => !user.removed && user.accountEnabled !== undefined;
