/**
 * Prints a measured figure (a latency, a throughput, a memory size) to the test run's output.
 * Performance targets are reported, not asserted against wall-clock limits that flake on a busy
 * machine. Written to stdout directly: Lockdown, running inside e2e tests, bridges `console` into
 * its own structured log.
 */
export function printFigure(text: string): void {
  process.stdout.write(`\n  📏 ${text}\n`);
}
