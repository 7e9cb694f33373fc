import { z } from 'zod';

import { DIRECTORY_ROLE_TEMPLATES } from './directory-roles';

/**
 * The tenant data file the simulator starts from.
 *
 * demo-tenant.json describes "Contoso" (contoso.com), the tenant `npm run demo` and most tests use:
 * - app: Lockdown's managed identity, holding the User Administrator role (so it can disable
 *   ordinary users and helpdesk admins, but Graph refuses it on Global Administrators).
 * - Security Responders (requesters): sam.rivera, ava.chen and the nested group SOC Tier 2
 *   (kai.tanaka), so requester checks must be transitive. Security Approvers: ava.chen, noah.kim.
 * - Ordinary members with devices: adele.vance (3 Windows), bob.kelly (1 Windows), megan.bowen
 *   (Windows + iOS), lynne.robbins (Android), isaiah.langer (macOS), alex.wilber (Windows),
 *   lee.gu (none); diego.siciliani is a Helpdesk Administrator (User-Administrator manageable).
 * - henrietta.mueller: a former employee, already disabled (a first delta sync must not act on her).
 * - jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com: a B2B guest (UPN needs %23 in URLs).
 * - dan.ortiz: synced from on-premises AD (cloud disables snap back at the next sync cycle).
 * - grace.hill and breakglass01@contoso.onmicrosoft.com: Global Administrators.
 * - pat.eligible: PIM-eligible for Privileged Role Administrator with no active role.
 * Ids are fixed, readable, valid lower-case GUIDs: tenant c0270550-…, users a0000000-…-0000000000NN,
 * groups b0000000-…, device objects d0000000-…, device ids e0000000-…, the app 10cd0000-….
 *
 * Roles are named by display name (directory-roles.ts maps them to the real template ids).
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const guid = z.string().regex(GUID, 'must be a lower-case GUID');
const isoDate = z.string().datetime({ offset: true });
const roleName = z.string().refine(
  (name) => name in DIRECTORY_ROLE_TEMPLATES,
  (name) => ({
    message: `unknown directory role '${name}' (see directory-roles.ts)`,
  }),
);
const optionalText = z.string().nullable().default(null);

const USER_SEED = z
  .object({
    id: guid,
    userPrincipalName: z.string().regex(/^[^@\s/?]+@[^@\s/?]+$/, 'must look like name@domain'),
    displayName: z.string().min(1),
    givenName: optionalText,
    surname: optionalText,
    mail: optionalText,
    jobTitle: optionalText,
    userType: z.enum(['Member', 'Guest']).default('Member'),
    accountEnabled: z.boolean().default(true),
    onPremisesSyncEnabled: z.boolean().nullable().default(null),
    /** Synced users only: the on-premises state; defaults to accountEnabled. */
    onPremisesAccountEnabled: z.boolean().optional(),
    signInSessionsValidFromDateTime: isoDate,
    lastPasswordChangeDateTime: isoDate,
    createdDateTime: isoDate,
    businessPhones: z.array(z.string()).default([]),
    mobilePhone: optionalText,
    officeLocation: optionalText,
    preferredLanguage: optionalText,
    directoryRoles: z.array(roleName).default([]),
    eligibleRoles: z.array(roleName).default([]),
  })
  .strict();

const DEVICE_SEED = z
  .object({
    id: guid,
    deviceId: guid,
    displayName: z.string().min(1),
    operatingSystem: z.string().min(1),
    operatingSystemVersion: optionalText,
    trustType: z.enum(['AzureAd', 'ServerAd', 'Workplace']).nullable().default(null),
    accountEnabled: z.boolean().default(true),
    isCompliant: z.boolean().nullable().default(null),
    isManaged: z.boolean().nullable().default(null),
    registrationDateTime: isoDate,
    approximateLastSignInDateTime: isoDate.nullable().default(null),
    /** The user the device is registered to and owned by. */
    owner: guid,
  })
  .strict();

const GROUP_SEED = z
  .object({
    id: guid,
    displayName: z.string().min(1),
    description: optionalText,
    securityEnabled: z.boolean().default(true),
    mailEnabled: z.boolean().default(false),
    isAssignableToRole: z.boolean().default(false),
    /** User or group ids (nested groups make membership transitive). */
    members: z.array(guid).default([]),
  })
  .strict();

export const TENANT_SEED_SCHEMA = z
  .object({
    tenant: z
      .object({
        id: guid,
        displayName: z.string().min(1),
        defaultDomain: z.string().min(1),
        initialDomain: z.string().min(1),
      })
      .strict(),
    app: z
      .object({
        clientId: guid,
        servicePrincipalId: guid,
        displayName: z.string().min(1).default('Lockdown'),
        directoryRoles: z.array(roleName).default([]),
      })
      .strict(),
    users: z.array(USER_SEED),
    devices: z.array(DEVICE_SEED).default([]),
    groups: z.array(GROUP_SEED).default([]),
  })
  .strict()
  .superRefine(checkReferences);

/** What a data file holds (defaults not yet applied). */
export type TenantSeed = z.input<typeof TENANT_SEED_SCHEMA>;
/** A validated seed with every default filled in. */
export type ParsedTenantSeed = z.output<typeof TENANT_SEED_SCHEMA>;

/** Validates a seed and reports every problem at once, each with its JSON path. */
export function parseTenantSeed(input: unknown, source = 'tenant seed'): ParsedTenantSeed {
  const result = TENANT_SEED_SCHEMA.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new Error(`Invalid ${source}:\n${problems.join('\n')}`);
}

type SeedShape = {
  users: { id: string; userPrincipalName: string }[];
  devices?: { id: string; owner: string }[];
  groups?: { id: string; members?: string[] }[];
  app: { clientId: string; servicePrincipalId: string };
};

function checkReferences(seed: SeedShape, ctx: z.RefinementCtx): void {
  const seen = new Set<string>([seed.app.servicePrincipalId]);
  const unique = (id: string, path: (string | number)[]): void => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `duplicate object id ${id}` });
    seen.add(id);
  };
  const upns = new Set<string>();
  seed.users.forEach((user, i) => {
    unique(user.id, ['users', i, 'id']);
    const upn = user.userPrincipalName.toLowerCase();
    if (upns.has(upn)) {
      ctx.addIssue({ code: 'custom', path: ['users', i], message: `duplicate UPN ${upn}` });
    }
    upns.add(upn);
  });
  const userIds = new Set(seed.users.map((u) => u.id));
  (seed.devices ?? []).forEach((device, i) => {
    unique(device.id, ['devices', i, 'id']);
    if (!userIds.has(device.owner)) {
      ctx.addIssue({ code: 'custom', path: ['devices', i, 'owner'], message: 'unknown user id' });
    }
  });
  const groupIds = new Set((seed.groups ?? []).map((g) => g.id));
  (seed.groups ?? []).forEach((group, i) => {
    unique(group.id, ['groups', i, 'id']);
    (group.members ?? []).forEach((member, j) => {
      if (!userIds.has(member) && !groupIds.has(member)) {
        const path = ['groups', i, 'members', j];
        ctx.addIssue({ code: 'custom', path, message: 'not a user or group id of this tenant' });
      }
    });
  });
}
