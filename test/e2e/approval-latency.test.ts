import { VERBS } from '../../src/teams/cards/verbs';
import { PEOPLE } from '../support/activities';
import { startE2E, textOf, type E2E } from '../support/e2e';
import { printFigure } from '../support/print-figure';

const ROUNDS = 30;
/** Graph's answer time as the simulator plays it: each call takes a random 20-60 ms. */
const GRAPH_LATENCY_MS: [number, number] = [20, 60];

jest.setTimeout(180_000);

// SPEC section 10: an Approve click is answered in under a second (p99 under 300 ms on a
// developer machine). Measured and printed, never asserted: wall-clock bounds flake on a busy
// machine, and the figure is what a reviewer needs.
describe('approval latency, through /api/messages', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ sim: { latencyMs: GRAPH_LATENCY_MS } });
  });
  afterAll(async () => {
    await e2e.close();
  });

  it(`answers ${ROUNDS} Approve clicks with the approved card; prints p50 and p99`, async () => {
    const answerMs: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const upn = `latency.${round}@contoso.com`;
      const user = e2e.sim.tenant.addUser({
        userPrincipalName: upn,
        displayName: `Latency ${round}`,
      });
      e2e.sim.tenant.addDevices(2, { owner: user.id, displayName: `LAT-${round}-{n}` });
      const posted = await e2e.openRequest(PEOPLE.sam, `revoke ${upn} drill round ${round}`);

      const started = performance.now();
      const answer = await e2e.click(
        PEOPLE.noah,
        VERBS.approve,
        { token: posted.token },
        posted.place,
      );
      answerMs.push(performance.now() - started);

      expect(answer).toMatchObject({
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
      });
      expect(textOf(answer.body)).toContain('Approved by Noah Kim');
      await e2e.lockdown.settle();
      expect(e2e.sim.tenant.getUser(user.id)!.accountEnabled).toBe(false);
    }
    const { p50, p99, max } = quantiles(answerMs);
    printFigure(
      `Approve invoke answer time over ${ROUNDS} rounds, Graph at ${GRAPH_LATENCY_MS.join('-')} ms per call: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${max.toFixed(0)} ms (SPEC: < 1 s, p99 < 300 ms on a developer machine)`,
    );
  });
});

function quantiles(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
}
