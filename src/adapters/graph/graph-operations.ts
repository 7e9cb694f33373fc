/**
 * What each Graph call does, in words for people, and the least-privileged application
 * permission it needs (graph-facts.md). A 403 names the permission from here.
 */
export const GRAPH_OPERATIONS = {
  'read-user': { does: 'read the user', permission: 'User.Read.All' },
  'disable-user': { does: 'disable the account', permission: 'User.EnableDisableAccount.All' },
  'revoke-sessions': { does: 'revoke sign-in sessions', permission: 'User.RevokeSessions.All' },
  'list-devices': { does: "list the user's devices", permission: 'Device.Read.All' },
  'read-device': { does: 'read the device', permission: 'Device.Read.All' },
  'disable-device': { does: 'disable the device', permission: 'Device.ReadWrite.All' },
  'reset-password': {
    does: 'reset the password',
    permission: 'User-PasswordProfile.ReadWrite.All',
  },
  'check-membership': { does: 'check group membership', permission: 'GroupMember.Read.All' },
  'list-roles': {
    does: "read the user's directory roles",
    permission: 'RoleManagement.Read.Directory',
  },
  batch: { does: 'run a batch of requests', permission: 'User.Read.All' },
  delta: { does: 'read the changes to users', permission: 'User.Read.All' },
  subscribe: {
    does: 'manage the change-notification subscription on users',
    permission: 'User.Read.All',
  },
  'read-audit': { does: 'read the directory audit log', permission: 'AuditLog.Read.All' },
} as const;

export type GraphOperation = keyof typeof GRAPH_OPERATIONS;
