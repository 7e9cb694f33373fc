import fs from 'node:fs';
import { parse } from 'yaml';

/** A person of the Playground's mock Teams context. */
export interface PlaygroundPerson {
  /** The Teams user id the Playground uses (`from.id`). */
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly userPrincipalName: string;
}

export interface PlaygroundContext {
  readonly tenantId: string;
  readonly currentUser: PlaygroundPerson;
  readonly people: readonly PlaygroundPerson[];
  readonly teamId: string;
  readonly channels: ReadonlyArray<{ readonly id: string; readonly name: string }>;
}

interface RawPerson {
  id: string;
  name: string;
  aadObjectId: string;
  userPrincipleName: string;
}

/** Reads `.m365agentsplayground.yml` (the Playground's own field names, typo included). */
export function readPlaygroundContext(file: string): PlaygroundContext {
  const raw = parse(fs.readFileSync(file, 'utf8')) as {
    tenantId: string;
    currentUser: RawPerson;
    users: RawPerson[];
    team: { id: string; channels: Array<{ id: string; name: string }> };
  };
  const person = (p: RawPerson): PlaygroundPerson => ({
    id: p.id,
    name: p.name,
    aadObjectId: p.aadObjectId,
    userPrincipalName: p.userPrincipleName,
  });
  const currentUser = person(raw.currentUser);
  return {
    tenantId: raw.tenantId,
    currentUser,
    people: [currentUser, ...raw.users.map(person)],
    teamId: raw.team.id,
    channels: raw.team.channels,
  };
}
