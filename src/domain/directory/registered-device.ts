import { type ObjectId } from '../user-ref';

/** A device registered to a user in Entra ID, addressed by its object id (not `deviceId`). */
export interface RegisteredDevice {
  readonly id: ObjectId;
  readonly deviceId: string | null;
  readonly displayName: string;
  readonly operatingSystem: string | null;
  /** Null when Graph returned limited information (the caller lacks Device.Read.All). */
  readonly accountEnabled: boolean | null;
}
