import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startE2E, type E2E } from '../support/e2e';
import { printFigure } from '../support/print-figure';
import {
  postNotifications,
  userNotification,
  watcherIdle,
  watcherReady,
} from '../support/watcher-e2e';

const RATE_PER_SECOND = 200;
const SECONDS = 5;
/** Enabled users of the demo tenant: every notification is a real re-read, and nothing to do. */
const USERS = [
  'a0000000-0000-4000-8000-000000000012',
  'a0000000-0000-4000-8000-000000000013',
  'a0000000-0000-4000-8000-000000000014',
  'a0000000-0000-4000-8000-000000000015',
  'a0000000-0000-4000-8000-000000000016',
  'a0000000-0000-4000-8000-000000000018',
];

jest.setTimeout(60_000);

/**
 * threat-model R27: Graph throttles, then drops, a slow webhook. Lockdown answers 202 once the
 * hint is queued and re-reads the user afterwards, so even with Graph answering in 150 ms the
 * acknowledgement stays fast. Bounded: 1,000 notifications over five seconds, on loopback.
 */
describe('the notification endpoint under load', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ webhooks: true, sim: { latencyMs: 150 } });
    await watcherReady(e2e, true);
  });
  afterAll(async () => {
    await e2e.close();
  });

  it(`acknowledges ${RATE_PER_SECOND} notifications a second fast while Graph is slow`, async () => {
    const items = await Promise.all(USERS.map((id) => userNotification(e2e, id)));
    // A trivial route under the same load is the yardstick: a busy machine slows both alike,
    // while a synchronous re-read would add Graph's 150 ms to every acknowledgement.
    const acks: number[] = [];
    const control: number[] = [];
    const statuses = new Set<number>();
    const started = performance.now();
    const sends: Array<Promise<void>> = [];
    const timed = async (into: number[], call: () => Promise<Response>) => {
      const sent = performance.now();
      const answer = await call();
      await answer.arrayBuffer();
      into.push(performance.now() - sent);
      return answer.status;
    };
    for (let i = 0; i < RATE_PER_SECOND * SECONDS; i++) {
      const due = started + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      sends.push(
        timed(acks, () => postNotifications(e2e, [items[i % items.length]])).then((status) => {
          statuses.add(status);
        }),
      );
      if (i % 4 === 0)
        sends.push(
          timed(control, () => fetch(`${e2e.lockdown.url}/healthz`)).then(() => undefined),
        );
    }
    await Promise.all(sends);
    await watcherIdle(e2e);
    const ack = quantiles(acks);
    const base = quantiles(control);
    printFigure(
      `notification ack under ${RATE_PER_SECOND}/s for ${SECONDS} s with Graph at 150 ms: p50 ${ack.p50.toFixed(1)} ms, p99 ${ack.p99.toFixed(1)} ms (GET /healthz alongside: p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms; target: < 100 ms)`,
    );
    expect([...statuses]).toEqual([202]);
    expect(acks).toHaveLength(RATE_PER_SECOND * SECONDS);
    expect(ack.p50).toBeLessThan(base.p50 + 100);
    // The threat model's bound (p99 under 500 ms), taken over what the machine itself adds.
    expect(ack.p99).toBeLessThan(base.p99 + 500);
    const directoryChanges = e2e.sim.calls
      .mutations()
      .filter((c) => !c.path.startsWith('/v1.0/subscriptions'));
    expect(directoryChanges).toEqual([]);
  });
});

function quantiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}
