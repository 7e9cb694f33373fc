/**
 * Owns every timer the simulator starts (latency, notification back-off, handshake time-outs),
 * so close() can cancel them all and leave no open handles behind.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves after `ms`; never resolves once the simulator is closed. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.later(resolve, ms));
  }

  later(action: () => void, ms: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  /** An abort signal that fires after `ms` or when the simulator closes. */
  deadline(ms: number): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${ms} ms`)), ms);
    this.timers.add(timer);
    if (this.closed) controller.abort(new Error('simulator closed'));
    return {
      signal: controller.signal,
      done: () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.controllers.delete(controller);
      },
    };
  }

  close(): void {
    this.closed = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.controllers.forEach((c) => c.abort(new Error('simulator closed')));
    this.controllers.clear();
  }
}
