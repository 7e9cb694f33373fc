import { z } from 'zod';
import { type DirectoryRole } from '../../domain/directory/directory-role';
import { PRIVILEGED_ROLE_TEMPLATES } from '../../domain/directory/directory-role';
import { type DirectoryUser } from '../../domain/directory/directory-user';
import { type RegisteredDevice } from '../../domain/directory/registered-device';
import { DomainError } from '../../domain/errors';
import { isObjectId, type ObjectId } from '../../domain/user-ref';
import { GRAPH_OPERATIONS, type GraphOperation } from './graph-operations';

/**
 * Graph's JSON is checked, not trusted: an answer of the wrong type or without a GUID id is an
 * error, so nothing downstream acts on an object that is not what Lockdown asked for.
 */
const objectId = z
  .string()
  .refine(isObjectId)
  .transform((id) => id.toLowerCase() as ObjectId);
const odataType = (type: string) => z.literal(type).optional();

const userSchema = z.object({
  '@odata.type': odataType('#microsoft.graph.user'),
  id: objectId,
  userPrincipalName: z.string(),
  displayName: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  accountEnabled: z.boolean(),
  onPremisesSyncEnabled: z.boolean().nullable().optional(),
  userType: z.string().nullable().optional(),
  signInSessionsValidFromDateTime: z.string().nullable().optional(),
  lastPasswordChangeDateTime: z.string().nullable().optional(),
});

const deviceSchema = z.object({
  '@odata.type': z.string().optional(),
  id: objectId,
  deviceId: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
  operatingSystem: z.string().nullable().optional(),
  accountEnabled: z.boolean().nullable().optional(),
});

export function toDirectoryUser(body: unknown, operation: GraphOperation): DirectoryUser {
  const user = parse(userSchema, body, operation);
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName ?? user.userPrincipalName,
    mail: user.mail ?? null,
    accountEnabled: user.accountEnabled,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? null,
    userType: user.userType === 'Guest' ? 'Guest' : 'Member',
    signInSessionsValidFromDateTime: user.signInSessionsValidFromDateTime ?? null,
    lastPasswordChangeDateTime: user.lastPasswordChangeDateTime ?? null,
  };
}

/** Devices only; limited-information items (no Device.Read.All) keep their id and nulls. */
export function toRegisteredDevice(
  item: unknown,
  operation: GraphOperation,
): RegisteredDevice | undefined {
  const device = parse(deviceSchema, item, operation);
  if (device['@odata.type'] !== undefined && device['@odata.type'] !== '#microsoft.graph.device')
    return undefined;
  return {
    id: device.id,
    deviceId: device.deviceId ?? null,
    displayName: device.displayName ?? `Device ${device.id}`,
    operatingSystem: device.operatingSystem ?? null,
    accountEnabled: device.accountEnabled ?? null,
  };
}

const activeRoleSchema = z.object({
  '@odata.type': z.string().optional(),
  displayName: z.string().nullable().optional(),
  roleTemplateId: z.string().nullable().optional(),
});

export function toActiveRole(item: unknown, operation: GraphOperation): DirectoryRole | undefined {
  const role = parse(activeRoleSchema, item, operation);
  if (role['@odata.type'] !== '#microsoft.graph.directoryRole') return undefined;
  if (!role.roleTemplateId) return failed(operation, 'a directory role without roleTemplateId');
  const roleTemplateId = role.roleTemplateId.toLowerCase();
  return {
    roleTemplateId,
    displayName: role.displayName ?? roleName(roleTemplateId),
    assignment: 'active',
  };
}

const eligibleRoleSchema = z.object({ roleDefinitionId: z.string() });

export function toEligibleRole(item: unknown, operation: GraphOperation): DirectoryRole {
  const roleTemplateId = parse(eligibleRoleSchema, item, operation).roleDefinitionId.toLowerCase();
  return { roleTemplateId, displayName: roleName(roleTemplateId), assignment: 'eligible' };
}

export function collectionItems(
  body: unknown,
  operation: GraphOperation,
): { items: unknown[]; nextLink?: string } {
  const page = parse(
    z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() }),
    body,
    operation,
  );
  return { items: page.value, nextLink: page['@odata.nextLink'] };
}

export function stringValues(body: unknown, operation: GraphOperation): string[] {
  return parse(z.object({ value: z.array(z.string()) }), body, operation).value;
}

const roleName = (templateId: string): string =>
  PRIVILEGED_ROLE_TEMPLATES[templateId] ?? `Directory role ${templateId}`;

function parse<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
  operation: GraphOperation,
): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success)
    return failed(
      operation,
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return result.data;
}

function failed(operation: GraphOperation, detail: string): never {
  throw new DomainError(
    'GRAPH_UNEXPECTED_RESPONSE',
    { operation: GRAPH_OPERATIONS[operation].does },
    { detail },
  );
}
