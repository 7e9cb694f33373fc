import { createHash } from 'node:crypto';

/**
 * Built-in Entra directory roles the simulator knows, by display name, with their real template
 * ids (identical in every tenant). Seeds name roles by display name; Graph serves template ids.
 */
export const DIRECTORY_ROLE_TEMPLATES: Readonly<Record<string, string>> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Password Administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Groups Administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'Guest Inviter': '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Directory Writers': '9360feb5-f418-4baa-8175-e2a00bac4301',
  'Message Center Reader': '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'Usage Summary Reports Reader': '75934031-6c7e-415a-99d7-48dbd49e875e',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Security Operator': '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'Exchange Administrator': '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'SharePoint Administrator': 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  'Intune Administrator': '3a2c62db-5318-420d-8d74-23affee5d9d5',
  'Cloud Device Administrator': '7698a772-787b-4ac8-901f-60d6b08affd2',
  'Conditional Access Administrator': 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Cloud Application Administrator': '158c047a-c907-4556-b7ef-446551a6b5f7',
  'Hybrid Identity Administrator': '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  'Billing Administrator': 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  'License Administrator': '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  'Teams Administrator': '69091246-20e8-4a56-aa4d-066075b2a7a8',
  'Compliance Administrator': '17315797-102d-40b4-93e0-432062caca18',
};

/**
 * Roles a User Administrator may act on ("Who can perform sensitive actions", graph-facts §2).
 * A target holding only these (or no role) can be disabled by a User Administrator; any other
 * role needs a Privileged Authentication Administrator or a Global Administrator.
 */
export const USER_ADMIN_MANAGEABLE_ROLES: ReadonlySet<string> = new Set([
  'Directory Readers',
  'Groups Administrator',
  'Guest Inviter',
  'Helpdesk Administrator',
  'Message Center Reader',
  'Password Administrator',
  'Reports Reader',
  'User Administrator',
  'Usage Summary Reports Reader',
]);

export function roleTemplateId(name: string): string {
  const id = DIRECTORY_ROLE_TEMPLATES[name];
  if (id === undefined) throw new Error(`Unknown directory role '${name}'`);
  return id;
}

export function roleNameOf(templateId: string): string | undefined {
  return Object.keys(DIRECTORY_ROLE_TEMPLATES).find(
    (name) => DIRECTORY_ROLE_TEMPLATES[name] === templateId,
  );
}

/**
 * A directoryRole's object id differs from its template id and from tenant to tenant; the
 * simulator derives a stable one so that both kinds of id can be told apart in tests.
 */
export function directoryRoleObjectId(tenantId: string, templateId: string): string {
  const hex = createHash('sha256').update(`${tenantId}/${templateId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
