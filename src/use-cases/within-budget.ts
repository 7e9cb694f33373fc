/**
 * `work`'s result if it settles within `ms`, otherwise `fallback`: for facts that are worth a line
 * on a card but never worth a delay. A rejection also gives `fallback`. The work itself carries
 * on in the background; its late result is dropped.
 */
export function withinBudget<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}
