import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type PlaygroundPerson } from './playground-people';

/** Bodies the Playground sends are small; anything larger is not the Playground. */
const MAX_BODY = 512 * 1024;

export interface ActAsProxy {
  /** Where the Playground sends activities: `<url>/api/messages`. */
  readonly url: string;
  actingAs(): PlaygroundPerson;
  actAs(person: PlaygroundPerson): void;
  close(): Promise<void>;
}

/**
 * The Playground always acts as its one configured user, and the two-person rule needs two
 * people. This demo-only relay, on loopback between the Playground and Lockdown, lets the person
 * at the keyboard act as another member of the demo team: it replaces `from` on what the
 * Playground sends (in Teams, the client vouches for `from`). It also marks card clicks
 * `trigger: 'manual'` as Teams does; the Playground leaves `trigger` out, and Lockdown decides
 * only on manual clicks (threat-model.md T14). Lockdown itself is unchanged and still checks
 * every rule; nothing like this exists outside `npm run demo`.
 */
export async function startActAsProxy(
  lockdownUrl: string,
  initial: PlaygroundPerson,
): Promise<ActAsProxy> {
  let current = initial;
  const server = http.createServer((req, res) => void relay(req, res));

  async function relay(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const forwarded = await fetch(`${lockdownUrl}${req.url ?? '/'}`, {
        method: req.method,
        headers: pick(req.headers, ['content-type', 'authorization', 'x-ms-agents-playground']),
        body:
          req.method === 'GET' || req.method === 'HEAD' ? undefined : asTeamsSends(body, current),
      });
      const answer = Buffer.from(await forwarded.arrayBuffer());
      res.statusCode = forwarded.status;
      const type = forwarded.headers.get('content-type');
      if (type) res.setHeader('Content-Type', type);
      res.end(answer);
    } catch {
      res.statusCode = 502;
      res.end();
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actingAs: () => current,
    actAs: (person) => {
      current = person;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface PlaygroundActivity {
  from?: unknown;
  type?: unknown;
  name?: unknown;
  value?: { trigger?: unknown };
}

/**
 * The activity as Teams would send it for `person`: their `from`, and a card click's `trigger`.
 * Anything that is not an activity goes through unchanged.
 */
export function asTeamsSends(body: Buffer, person: PlaygroundPerson): Buffer {
  let activity: PlaygroundActivity;
  try {
    activity = JSON.parse(body.toString('utf8')) as PlaygroundActivity;
  } catch {
    return body;
  }
  if (!activity || typeof activity !== 'object' || !('from' in activity)) return body;
  const from = { id: person.id, name: person.name, aadObjectId: person.aadObjectId };
  const click =
    activity.type === 'invoke' &&
    activity.name === 'adaptiveCard/action' &&
    activity.value &&
    activity.value.trigger === undefined;
  // The Playground sends invokes only for clicks: it does not run card refreshes.
  const value = click ? { ...activity.value, trigger: 'manual' } : activity.value;
  return Buffer.from(JSON.stringify({ ...activity, from, value }));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function pick(headers: http.IncomingHttpHeaders, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}
