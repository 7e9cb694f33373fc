import { badRequest, notFound } from './graph-response';
import { type GraphRequest } from './router';
import { type TenantModel, type UserRecord } from './tenant-model';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Properties the simulator keeps a value for. */
const MODELLED = [
  'id',
  'userPrincipalName',
  'displayName',
  'mail',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'userType',
  'signInSessionsValidFromDateTime',
  'lastPasswordChangeDateTime',
  'jobTitle',
  'givenName',
  'surname',
  'businessPhones',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'createdDateTime',
  'deletedDateTime',
];

/**
 * Real user properties the simulator does not model: selectable (as real Graph allows) and
 * served as null or [], so a `$select` that works against Graph does not 400 here.
 */
const UNMODELLED_LISTS = ['otherMails', 'proxyAddresses', 'imAddresses'];
const UNMODELLED = [
  'department',
  'companyName',
  'employeeId',
  'employeeType',
  'usageLocation',
  'city',
  'country',
  'state',
  'streetAddress',
  'postalCode',
  'faxNumber',
  'onPremisesImmutableId',
  'onPremisesSamAccountName',
  'onPremisesUserPrincipalName',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesSecurityIdentifier',
  'onPremisesDistinguishedName',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'creationType',
  'passwordPolicies',
  'passwordProfile',
  'ageGroup',
  'showInAddressList',
  'securityIdentifier',
  ...UNMODELLED_LISTS,
];

export const USER_PROPERTIES: readonly string[] = [...MODELLED, ...UNMODELLED];

/** What GET /users/{id} returns without `$select` (graph-facts §1). */
export const DEFAULT_USER_PROPERTIES: readonly string[] = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/** The user's Graph properties, in the order asked for. */
export function userProperties(
  user: UserRecord,
  props: readonly string[],
): Record<string, unknown> {
  const source = user as unknown as Record<string, unknown>;
  return Object.fromEntries(
    props.map((p) => [p, UNMODELLED_LISTS.includes(p) ? [] : (source[p] ?? null)]),
  );
}

/**
 * Resolves `{id | userPrincipalName}` from the URL: a GUID is an object id, anything else a UPN
 * (case-insensitive). A UPN starting with '$' needs the ('…') key syntax (graph-facts §0.4).
 */
export function resolveUser(req: GraphRequest, model: TenantModel): UserRecord {
  const key = req.params.user;
  if (key.startsWith('$') && !req.keySyntax) {
    throw badRequest(`Resource not found for the segment '${key}'.`, 'BadRequest');
  }
  const user = model.findUser(key);
  if (user === undefined) throw notFound(key);
  return user;
}
