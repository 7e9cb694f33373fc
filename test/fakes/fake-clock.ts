import { type Clock } from '../../src/ports/clock';

/** A clock that moves only when told; `sleep` moves it forward at once, so back-off costs no time. */
export class FakeClock implements Clock {
  private time: number;

  constructor(start = '2026-11-22T10:00:00.000Z') {
    this.time = Date.parse(start);
  }

  now(): Date {
    return new Date(this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.time += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
