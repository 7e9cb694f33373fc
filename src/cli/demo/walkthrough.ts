import { type ActorKey } from './actor-keys';
import { type PlaygroundPerson } from './playground-people';

/** Accounts of the demo tenant that show each state of the request card. */
const CARD_STATES: ReadonlyArray<readonly [string, string]> = [
  ['adele.vance@contoso.com', 'an ordinary cloud user with devices'],
  ['dan.ortiz@contoso.com', 'synced from on-premises AD: the card adds the on-premises steps'],
  [
    'jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    'a guest: the card explains what Entra cannot revoke',
  ],
  ['grace.hill@contoso.com', 'a Global Administrator: refused unless ALLOW_PRIVILEGED_TARGETS'],
  ['breakglass01@contoso.onmicrosoft.com', 'the break-glass account: always refused'],
];

export function walkthrough(options: {
  readonly playgroundUrl: string;
  readonly requester: PlaygroundPerson;
  readonly approver: ActorKey;
  readonly keys: readonly ActorKey[];
  readonly graphUrl: string;
  readonly demoDir: string;
}): string {
  const { requester, approver } = options;
  return [
    '',
    'Lockdown demo: the simulated Contoso tenant, Lockdown and the Microsoft 365 Agents Playground are running.',
    '',
    `  Open ${options.playgroundUrl} and choose the Contoso Security team's Security channel.`,
    '',
    `  1. As ${requester.name}, post:   @Lockdown revoke adele.vance@contoso.com phishing`,
    '     (type @Lock and pick Lockdown from the list: in a channel, bots hear only mentions)',
    `  2. Press ${approver.key} here to act as ${approver.person.name}, the second analyst; on the card, click`,
    '     Show my options, then Approve.',
    '  3. Disable someone "in the portal", in another terminal:   npm run tenant -- disable alex.wilber@contoso.com',
    '     and watch the channel: Lockdown revokes the sessions at once and says so.',
    '',
    '  Other accounts to try:',
    ...CARD_STATES.map(([upn, what]) => `    ${upn.padEnd(54)} ${what}`),
    '',
    `  Act as: ${options.keys.map((k) => `${k.key} ${k.person.name}`).join(', ')}.  q or Ctrl-C stops everything.`,
    `  Logs in ${options.demoDir}; the Graph simulator is at ${options.graphUrl}/v1.0.`,
    '',
  ].join('\n');
}
