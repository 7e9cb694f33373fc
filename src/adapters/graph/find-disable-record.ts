import { z } from 'zod';
import { type ObjectId } from '../../domain/user-ref';
import { type DisableRecord } from '../../ports/directory-changes';

const name = z.string().nullable().optional();

const modifiedProperty = z.object({
  displayName: name,
  oldValue: name,
  newValue: name,
});

const auditEntry = z.object({
  activityDisplayName: name,
  activityDateTime: z.string().refine((v) => !Number.isNaN(Date.parse(v))),
  result: name,
  initiatedBy: z
    .object({
      user: z.object({ userPrincipalName: name, displayName: name }).nullable().optional(),
      app: z.object({ displayName: name }).nullable().optional(),
    })
    .nullable()
    .optional(),
  targetResources: z
    .array(
      z.object({
        id: name,
        modifiedProperties: z.array(modifiedProperty).nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
});

type AuditEntry = z.infer<typeof auditEntry>;

/** Graph's clock and Lockdown's may differ a little; an entry this much older still counts. */
const CLOCK_SKEW_MS = 60_000;

/**
 * The newest entry of the directory audit log (`GET /auditLogs/directoryAudits`) that disabled
 * `userId`: an AccountEnabled change from true to false, or the "Disable account" activity.
 * Entries that do not parse or that failed are passed over, and so is any disable from before
 * `since` (when the account was last seen enabled): an old entry would name the wrong person.
 * When the newest disable names no initiator the answer is undefined rather than an older,
 * wrong, name: this is best effort.
 */
export function findDisableRecord(
  body: unknown,
  userId: ObjectId,
  since?: Date,
): DisableRecord | undefined {
  const from = since ? since.getTime() - CLOCK_SKEW_MS : -Infinity;
  const page = z.object({ value: z.array(z.unknown()) }).safeParse(body);
  if (!page.success) return undefined;
  const disables = page.data.value
    .map((item) => auditEntry.safeParse(item))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .filter((entry) => entry.result?.toLowerCase() !== 'failure' && disabled(entry, userId))
    .filter((entry) => Date.parse(entry.activityDateTime) >= from)
    .sort((a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime));
  const newest = disables[0];
  const by = newest && initiator(newest);
  if (newest === undefined || by === undefined) return undefined;
  return { by, at: new Date(newest.activityDateTime).toISOString() };
}

function disabled(entry: AuditEntry, userId: ObjectId): boolean {
  const target = (entry.targetResources ?? []).find((t) => t.id?.toLowerCase() === userId);
  if (target === undefined) return false;
  if (entry.activityDisplayName === 'Disable account') return true;
  return (target.modifiedProperties ?? []).some(
    (p) =>
      p.displayName === 'AccountEnabled' &&
      flag(p.newValue) === 'false' &&
      flag(p.oldValue) !== 'false',
  );
}

/** '[false]', '["False"]' or 'false' → 'false'. */
function flag(value: string | null | undefined): string {
  return (value ?? '').replace(/[\s"[\]]/g, '').toLowerCase();
}

function initiator(entry: AuditEntry): string | undefined {
  const user = entry.initiatedBy?.user;
  const app = entry.initiatedBy?.app;
  return user?.userPrincipalName || user?.displayName || app?.displayName || undefined;
}
