import { withinBudget } from '../../../src/use-cases/within-budget';

describe('withinBudget', () => {
  it('gives the result when the work settles in time', async () => {
    await expect(withinBudget(Promise.resolve('who'), 1_000, undefined)).resolves.toBe('who');
  });

  it('gives the fallback when the work fails', async () => {
    await expect(withinBudget(Promise.reject(new Error('429')), 1_000, 'n/a')).resolves.toBe('n/a');
  });

  it('gives the fallback when the work takes longer than the budget', async () => {
    const slow = new Promise<string>((resolve) => setTimeout(() => resolve('late'), 200));
    await expect(withinBudget(slow, 20, 'n/a')).resolves.toBe('n/a');
  });
});
