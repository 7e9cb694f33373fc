import { DomainError } from '../../../../src/domain/errors';
import { HintProcessor } from '../../../../src/use-cases/watcher/hint-processor';
import { actor, GROUPS, PEOPLE } from '../../../support/core-harness';
import { watcherHarness, type WatcherHarness } from '../../../support/watcher-harness';

const automatic = async (h: WatcherHarness) =>
  (await h.requests.list({ limit: 100 })).filter((r) => r.kind === 'automatic');

/** Lets the retry back-off pass, then drains and settles once more. */
async function later(h: WatcherHarness, seconds = 120): Promise<void> {
  h.clock.advance(seconds * 1_000);
  await h.processor.drain();
  await h.runner.idle();
}

/**
 * What survives failures and races (SPEC section 5, "each transition is acted on once"): work
 * cut short stays pending and is finished on the next look, never done twice, never lost.
 */
describe('the watcher under failures and races', () => {
  it('finishes a transition whose work was cut short (a crash after the baseline moved)', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id);
    const known = (await h.watch.knownState(PEOPLE.target.id))!;
    // As a worker that died right after its compare-and-set would leave it:
    await h.watch.transitionState(known, {
      ...known,
      accountEnabled: false,
      observedAt: h.clock.now().toISOString(),
      pending: true,
    });
    await h.pollAndSettle(); // nothing new in delta; the next hint for the user finishes it
    await h.watch.enqueue([{ userId: PEOPLE.target.id, source: 'webhook' }], h.clock.now());
    await later(h);
    expect(await automatic(h)).toHaveLength(1);
    expect(await h.watch.knownState(PEOPLE.target.id)).toMatchObject({
      accountEnabled: false,
      pending: false,
    });
  });

  it('posts the card of an automatic revocation later when the channel was unreachable, without a second request', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.notifier.failPublish = true;
    h.disableElsewhere(PEOPLE.target.id);
    await h.pollAndSettle();
    const [first] = await automatic(h);
    expect(first).toMatchObject({ card: null, status: 'completed' }); // it ran anyway
    expect((await h.watch.knownState(PEOPLE.target.id))?.pending).toBe(true);
    h.notifier.failPublish = false;
    await later(h);
    const all = await automatic(h);
    expect(all).toHaveLength(1);
    expect(all[0]!.card).not.toBeNull();
    expect((await h.watch.knownState(PEOPLE.target.id))?.pending).toBe(false);
  });

  it('leaves alone a user enabled again before the unfinished work is retried', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.alerts.failNext = 5;
    h.disableElsewhere(PEOPLE.breakGlass.id);
    await h.pollAndSettle();
    expect(h.alerts.of('untouchable')).toEqual([]);
    h.directory.setAccountEnabled(PEOPLE.breakGlass.id, true);
    h.alerts.failNext = 0;
    await later(h);
    expect(h.alerts.of('untouchable')).toEqual([]);
    expect(await h.watch.knownState(PEOPLE.breakGlass.id)).toMatchObject({
      accountEnabled: true,
      pending: false,
    });
  });

  it('posts an alert again until it reaches the channel (T21)', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.alerts.failNext = 2;
    h.disableElsewhere(PEOPLE.breakGlass.id);
    await h.pollAndSettle();
    await later(h, 5);
    expect(h.alerts.of('untouchable')).toEqual([]);
    await later(h);
    expect(h.alerts.of('untouchable')).toHaveLength(1);
    await later(h);
    expect(h.alerts.of('untouchable')).toHaveLength(1);
  });

  it('posts the review card again until it reaches the channel, then resumes as usual', async () => {
    const h = watcherHarness({ maxPerHour: 1 });
    const ids = [h.addUser(1), h.addUser(2)];
    await h.pollAndSettle();
    h.alerts.failNext = 1;
    for (const id of ids) h.disableElsewhere(id);
    await h.pollAndSettle();
    expect((await h.watch.breaker()).paused).toBe(true);
    expect(h.alerts.of('paused')).toEqual([]);
    await later(h);
    expect(h.alerts.of('paused')).toHaveLength(1);
    const { reviewToken } = await h.watch.breaker();
    expect(h.alerts.of('paused')[0]!.alert.token).toBe(reviewToken);
    await h.control.resume(reviewToken!, actor(PEOPLE.requester));
    h.clock.advance(60_000);
    await h.control.resume(reviewToken!, actor(PEOPLE.approver));
    await later(h);
    expect(await automatic(h)).toHaveLength(2);
  });

  it('reports a snap-back again with the same token when its card could not be posted', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id);
    await h.pollAndSettle();
    h.alerts.failNext = 1;
    h.directory.setAccountEnabled(PEOPLE.target.id, true);
    await h.pollAndSettle();
    expect(h.alerts.of('snap-back')).toEqual([]);
    const marked = (await h.watch.revokedUser(PEOPLE.target.id))!;
    await later(h);
    expect(h.alerts.of('snap-back').map((a) => a.alert.token)).toEqual([marked.snapBackToken]);
  });

  it('acts once when two instances work on the same transition at the same time', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    const other = new HintProcessor(h.watcherDeps, h.settings.watcher, 'other-instance');
    h.disableElsewhere(PEOPLE.target.id);
    for (let i = 0; i < 3; i++) {
      await h.watch.enqueue([{ userId: PEOPLE.target.id, source: 'webhook' }], h.clock.now());
      await Promise.all([h.processor.drain(), other.drain(), h.poller.poll()]);
    }
    await later(h);
    await Promise.all([h.processor.drain(), other.drain()]);
    await h.runner.idle();
    expect(await automatic(h)).toHaveLength(1);
    expect(await h.watch.pendingHints()).toBe(0);
  });

  it('looks at a user again when the baseline moved under it, instead of dropping the hint', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.target.id);
    await h.watch.enqueue([{ userId: PEOPLE.target.id, source: 'webhook' }], h.clock.now());
    const transition = h.watch.transitionState.bind(h.watch);
    let interfered = false;
    h.watch.transitionState = async (expected, next) => {
      if (!interfered && expected) {
        interfered = true; // a baseline round re-recorded the user meanwhile
        await h.watch.recordStates([{ ...expected, observedAt: new Date(0).toISOString() }]);
      }
      return transition(expected, next);
    };
    await h.processor.drain();
    expect(await automatic(h)).toEqual([]);
    expect(await h.watch.pendingHints()).toBe(1);
    await later(h, 2);
    expect(await automatic(h)).toHaveLength(1);
  });

  it('only alerts when roles cannot be read (fails closed, T21)', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.directory.failNext(
      'listDirectoryRoles',
      new DomainError('GRAPH_FORBIDDEN', { operation: 'read roles', permission: 'x' }),
    );
    h.disableElsewhere(PEOPLE.target.id);
    await h.pollAndSettle();
    expect(await automatic(h)).toEqual([]);
    expect(h.alerts.of('untouchable')).toEqual([
      expect.objectContaining({ alert: expect.objectContaining({ why: 'privileged' }) }),
    ]);
  });

  it('only alerts when a member of the security team is disabled elsewhere (T21)', async () => {
    const h = watcherHarness();
    await h.pollAndSettle();
    h.disableElsewhere(PEOPLE.approver.id);
    await h.pollAndSettle();
    expect(await automatic(h)).toEqual([]);
    expect(h.directory.mutationLog).toEqual([]);
    expect(h.alerts.of('untouchable')).toEqual([
      expect.objectContaining({
        alert: expect.objectContaining({ userId: PEOPLE.approver.id, why: 'security-team' }),
      }),
    ]);
    expect(GROUPS.approvers).toBeDefined();
  });

  it('does not name an older disable as the one who disabled the account now', async () => {
    const h = watcherHarness();
    h.changes.setDisabledBy(PEOPLE.target.id, {
      by: 'last-month@contoso.com',
      at: '2026-10-01T00:00:00Z',
    });
    await h.pollAndSettle();
    h.directory.setAccountEnabled(PEOPLE.target.id, false);
    await h.pollAndSettle();
    const [request] = await automatic(h);
    expect(request!.reason).not.toContain('last-month@contoso.com');
  });
});
