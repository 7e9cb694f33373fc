import { type SimDevice } from './graph-simulator';
import { badRequest, notFound } from './graph-response';
import { type TenantModel } from './tenant-model';
import { GUID } from './user-representation';

const MODELLED = [
  'id',
  'deletedDateTime',
  'accountEnabled',
  'approximateLastSignInDateTime',
  'deviceId',
  'displayName',
  'isCompliant',
  'isManaged',
  'operatingSystem',
  'operatingSystemVersion',
  'profileType',
  'registrationDateTime',
  'trustType',
];
const UNMODELLED_LISTS = ['alternativeSecurityIds', 'physicalIds', 'systemLabels'];
const UNMODELLED = [
  'complianceExpirationDateTime',
  'deviceCategory',
  'deviceMetadata',
  'deviceOwnership',
  'deviceVersion',
  'enrollmentProfileName',
  'enrollmentType',
  'isManagementRestricted',
  'isRooted',
  'managementType',
  'manufacturer',
  'mdmAppId',
  'model',
  'onPremisesLastSyncDateTime',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  ...UNMODELLED_LISTS,
];

/** Selectable device properties; without `$select` Graph returns all of them. */
export const DEVICE_PROPERTIES: readonly string[] = [...MODELLED, ...UNMODELLED];

export const DEVICE_TYPE = '#microsoft.graph.device';

export function deviceProperties(
  device: SimDevice,
  props: readonly string[],
): Record<string, unknown> {
  const source = { ...device, deletedDateTime: null, profileType: 'RegisteredDevice' } as Record<
    string,
    unknown
  >;
  return Object.fromEntries(
    props.map((p) => [p, UNMODELLED_LISTS.includes(p) ? [] : (source[p] ?? null)]),
  );
}

/**
 * A device as an item of a directoryObject collection. Without Device.Read.All Graph returns
 * "limited information": the type and id, every other property null (graph-facts §4.1).
 */
export function deviceItem(
  device: SimDevice,
  props: readonly string[],
  limited: boolean,
): Record<string, unknown> {
  const values = deviceProperties(device, props);
  if (limited) {
    for (const key of Object.keys(values)) values[key] = key === 'id' ? device.id : null;
  }
  return { '@odata.type': DEVICE_TYPE, ...values };
}

/**
 * `{id}` is the device *object* id; `deviceId=…` comes from the /devices(deviceId='…') key.
 * A non-GUID id is a 400 for devices (unlike users, where it is read as a UPN).
 */
export function resolveDevice(key: string, model: TenantModel): SimDevice {
  if (key.startsWith('deviceId=')) {
    const device = model.deviceByDeviceId(key.slice('deviceId='.length).toLowerCase());
    if (device === undefined) throw notFound(key);
    return device;
  }
  if (!GUID.test(key)) throw badRequest(`Invalid object identifier '${key}'.`);
  const device = model.device(key.toLowerCase());
  if (device === undefined) throw notFound(key);
  return device;
}
