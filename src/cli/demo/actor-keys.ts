import { type PlaygroundPerson } from './playground-people';

export interface ActorKey {
  readonly key: string;
  readonly person: PlaygroundPerson;
}

/** One key per person, the first letter of their name that no one before them took. */
export function actorKeys(people: readonly PlaygroundPerson[]): ActorKey[] {
  const taken = new Set(['q']);
  const keys: ActorKey[] = [];
  for (const person of people) {
    const key = [...person.name.toLowerCase()].find((c) => /[a-z]/.test(c) && !taken.has(c));
    if (!key) continue;
    taken.add(key);
    keys.push({ key, person });
  }
  return keys;
}

/**
 * Reads the demo terminal: a person's key switches who the Playground acts as, `q` stops. Raw
 * single keys in a terminal; whole lines otherwise (a test driving the demo through a pipe).
 */
export function listenForKeys(
  input: NodeJS.ReadStream,
  keys: readonly ActorKey[],
  on: { actAs(person: PlaygroundPerson): void; stop(): void },
): () => void {
  const onData = (data: Buffer): void => {
    for (const key of data.toString('utf8').trim().toLowerCase()) {
      // Ctrl-C and Ctrl-D arrive as bytes in raw mode, not as signals.
      if (key === 'q' || key === '\u0003' || key === '\u0004') return on.stop();
      const chosen = keys.find((k) => k.key === key);
      if (chosen) on.actAs(chosen.person);
    }
  };
  if (input.isTTY) input.setRawMode(true);
  input.on('data', onData);
  input.resume();
  return () => {
    input.off('data', onData);
    if (input.isTTY) input.setRawMode(false);
    input.pause();
  };
}
