import { type TextColor } from './card-styles';
import { type RequestCardView, type TargetView } from './card-views';
import { NoteLegend } from './note-legend';
import { plainText } from './plain-text';
import { type RequestCardLayout } from './request-card-layout';

export interface TargetSections {
  readonly detailedTargets: readonly object[];
  readonly compactTargets: readonly object[];
  /** Dense layouts: one RichTextBlock per target, the name in bold, then one line of details. */
  readonly denseTargets: ReadonlyArray<{ readonly name: string; readonly line: string }>;
  /**
   * Minimal layout: one FactSet row per target (the least JSON per target). A FactSet is read as
   * markdown, so its rows hold only what Lockdown validated or worded: UPN, object id, account
   * state, warning numbers and the step symbols; never a name, a role or a message.
   */
  readonly hasTargetRows: boolean;
  readonly targetRows: ReadonlyArray<{ readonly title: string; readonly value: string }>;
  /** Compact layouts: each distinct warning once, numbered; targets refer to it ("⚠ 1"). */
  readonly warningLegend: ReadonlyArray<{ readonly text: string }>;
}

const NONE: TargetSections = {
  detailedTargets: [],
  compactTargets: [],
  denseTargets: [],
  hasTargetRows: false,
  targetRows: [],
  warningLegend: [],
};

/**
 * Every target as the approver must see it before deciding (SPEC section 3): display name, UPN,
 * object id, enabled or disabled, cloud-only or synced, member or guest, registered devices and
 * privileged roles, with its warnings. Only the chosen layout's list is filled; the template
 * renders the others as nothing. Names, roles and warnings come from the directory, so they go
 * only into fields the template puts in TextRuns (never markdown); the FactSets get identifiers
 * and Lockdown's own words. `stepLines` (keyed by UPN) adds each target's progress line in
 * the compact layouts. The minimal layout, the last resort for size, keeps the UPN, the object
 * id, the account state and the warning numbers.
 */
export function targetSections(
  view: RequestCardView,
  layout: RequestCardLayout,
  stepLines: ReadonlyMap<string, string>,
): TargetSections {
  if (layout.targets === 'detailed') {
    return { ...NONE, detailedTargets: view.targets.map((t) => detailedTarget(t, layout)) };
  }
  const legend = new NoteLegend(layout.maxNotes);
  const lines = view.targets.map((target) =>
    targetLine(target, layout, legend, stepLines.get(target.userPrincipalName) ?? ''),
  );
  const warningLegend = warningLegendOf(legend);
  if (layout.targets === 'compact') {
    return { ...NONE, compactTargets: lines.map(compactTarget), warningLegend };
  }
  if (layout.targets === 'dense') {
    return { ...NONE, denseTargets: lines.map(denseTarget), warningLegend };
  }
  return { ...NONE, hasTargetRows: true, targetRows: lines.map(minimalRow), warningLegend };
}

/** One target in the shorter layouts; its warnings become numbers in `legend`. */
interface TargetLine {
  readonly upn: string;
  /** From the directory: TextRuns only. */
  readonly name: string;
  /** Object id, facts and roles (from the directory: TextRuns only) and the warning numbers. */
  readonly details: string;
  readonly color: TextColor;
  /** Lockdown's symbols, step titles and numbers only. */
  readonly stepLine: string;
}

function targetLine(
  target: TargetView,
  layout: RequestCardLayout,
  legend: NoteLegend,
  stepLine: string,
): TargetLine {
  const numbers = target.warnings.map((w) =>
    legend.add(plainText(w, layout.messageLength), 'Warning'),
  );
  const known = numbers.filter((n): n is number => n !== undefined);
  const flag = numbers.length > 0 ? `⚠ ${known.length > 0 ? known.join(', ') : 'see below'}` : '';
  const facts = layout.targets === 'minimal' ? [target.accountState] : allFacts(target, layout);
  return {
    upn: target.userPrincipalName,
    name: plainText(target.displayName, layout.nameLength),
    details: [target.objectId, ...facts, flag].filter(Boolean).join(' · '),
    color: numbers.length > 0 ? 'Warning' : 'Default',
    stepLine,
  };
}

function warningLegendOf(legend: NoteLegend): Array<{ readonly text: string }> {
  const entries = legend.entries().map((entry) => ({
    text: `⚠ ${entry.number}: ${entry.text}${entry.count > 1 ? ` (${entry.count} targets)` : ''}`,
  }));
  if (legend.omitted > 0) {
    entries.push({
      text: `⚠ ${legend.omitted} more distinct warnings are not shown, to fit Teams' card size limit.`,
    });
  }
  return entries;
}

const compactTarget = (line: TargetLine): object => ({
  title: `${line.name} — ${line.upn}`,
  details: line.details,
  detailsColor: line.color,
  hasStepLine: line.stepLine.length > 0,
  stepLine: line.stepLine,
});

const denseTarget = (line: TargetLine): { readonly name: string; readonly line: string } => ({
  name: line.name,
  line: [` — ${line.upn}`, line.details, line.stepLine].filter(Boolean).join(' · '),
});

/** The minimal layout's details are the object id, the account state and warning numbers. */
const minimalRow = (line: TargetLine): { readonly title: string; readonly value: string } => ({
  title: line.upn,
  value: [line.details, line.stepLine].filter(Boolean).join(' · '),
});

function detailedTarget(target: TargetView, layout: RequestCardLayout): object {
  return {
    name: plainText(target.displayName, layout.nameLength),
    upn: target.userPrincipalName,
    objectId: target.objectId,
    accountState: target.accountState,
    origin: target.origin,
    userType: target.userType,
    devices: deviceCount(target.deviceCount),
    hasRoles: target.privilegedRoles.length > 0,
    roles: plainText(target.privilegedRoles.join(', '), layout.messageLength),
    warnings: target.warnings.map((warning) => plainText(warning, layout.messageLength)),
  };
}

/** "Enabled · Cloud-only · Member · 2 devices · Global Administrator". */
function allFacts(target: TargetView, layout: RequestCardLayout): string[] {
  const roles = plainText(target.privilegedRoles.join(', '), Math.min(120, layout.messageLength));
  const { accountState, origin, userType, deviceCount: devices } = target;
  return [accountState, origin, userType, deviceCount(devices), roles].filter(Boolean);
}

const deviceCount = (count: number): string => `${count} ${count === 1 ? 'device' : 'devices'}`;
