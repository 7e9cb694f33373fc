import { type Context, type Middleware } from '@microsoft/microsoft-graph-client';

/**
 * Gives each attempt its own deadline. fetch has none by default, so a Graph call that hangs
 * would hold a pipeline step forever; placed after the retry handler, every retry is timed alone.
 */
export class TimeoutHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    context.options = { ...context.options, signal: AbortSignal.timeout(this.timeoutMs) };
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
