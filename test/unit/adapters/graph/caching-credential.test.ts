import { type AccessToken, type TokenCredential } from '@azure/identity';
import { CachingCredential } from '../../../../src/adapters/graph/caching-credential';

class CountingCredential implements TokenCredential {
  calls = 0;
  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}
  async getToken(): Promise<AccessToken> {
    this.calls++;
    return { token: `t${this.calls}`, expiresOnTimestamp: this.now() + this.lifetimeMs };
  }
}

describe('CachingCredential', () => {
  let time = 1_000_000;
  const now = () => time;

  it('reuses a token until five minutes before it expires', async () => {
    const inner = new CountingCredential(60 * 60_000, now);
    const cached = new CachingCredential(inner, now);
    expect((await cached.getToken('s'))!.token).toBe('t1');
    time += 50 * 60_000;
    expect((await cached.getToken('s'))!.token).toBe('t1');
    time += 6 * 60_000;
    expect((await cached.getToken('s'))!.token).toBe('t2');
  });

  it('shares one request among concurrent callers', async () => {
    const inner = new CountingCredential(60 * 60_000, now);
    const cached = new CachingCredential(inner, now);
    await Promise.all([cached.getToken('s'), cached.getToken('s'), cached.getToken('s')]);
    expect(inner.calls).toBe(1);
  });

  it('does not cache a failure', async () => {
    let fail = true;
    const cached = new CachingCredential(
      {
        getToken: async () => {
          if (fail) throw new Error('endpoint down');
          return { token: 'ok', expiresOnTimestamp: now() + 3_600_000 };
        },
      },
      now,
    );
    await expect(cached.getToken('s')).rejects.toThrow('endpoint down');
    fail = false;
    expect((await cached.getToken('s'))!.token).toBe('ok');
  });
});
