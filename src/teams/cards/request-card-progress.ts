import { STEP_STATE_KEY, STEP_STATE_STYLES, type TextColor } from './card-styles';
import {
  type DeviceProgressView,
  type RequestCardView,
  type StepProgressView,
  type TargetProgressView,
} from './card-views';
import { NoteLegend } from './note-legend';
import { plainText } from './plain-text';
import { type RequestCardLayout } from './request-card-layout';

/** Devices listed one by one under a step in the detailed layout; the rest are counted. */
const DEVICES_LISTED = 10;

export interface ProgressSection {
  readonly show: boolean;
  readonly heading: string;
  readonly hasKey: boolean;
  readonly key: string;
  /** Detailed layout only: a row per step. */
  readonly targets: readonly object[];
  /** Compact layouts only: the footnotes the step lines refer to. */
  readonly legend: ReadonlyArray<{ readonly text: string; readonly color: TextColor }>;
}

/**
 * The live progress of a running or finished request: per target, per step, a state with why it
 * was skipped or failed, and per device for the devices step. In the compact layouts each
 * target's progress is one line (`stepLines`, keyed by UPN, shown under the target) and
 * repeated sentences become numbered footnotes. Step lines hold only Lockdown's symbols, step
 * titles and numbers; names, device names and messages (which may quote Graph) go only into the
 * fields the template puts in TextRuns, never markdown.
 */
export function progressSection(
  view: RequestCardView,
  layout: RequestCardLayout,
): { readonly section: ProgressSection; readonly stepLines: ReadonlyMap<string, string> } {
  const show = view.progress.length > 0;
  const heading = progressHeading(view.progress);
  if (layout.targets === 'detailed') {
    const targets = view.progress.map((target) => ({
      title: `${plainText(target.displayName, layout.nameLength)} — ${target.userPrincipalName}`,
      steps: target.steps.map((step) => detailedStep(step, layout.messageLength)),
    }));
    return {
      section: { show, heading, hasKey: false, key: '', targets, legend: [] },
      stepLines: new Map(),
    };
  }
  const legend = new NoteLegend(layout.maxNotes);
  const stepLines = new Map(
    view.progress.map((target) => [target.userPrincipalName, stepLine(target, layout, legend)]),
  );
  const titles = view.progress[0]?.steps.map((step) => step.title) ?? [];
  const key = layout.stepTitles
    ? STEP_STATE_KEY
    : `Symbols in step order (${titles.join(' → ')}): ${STEP_STATE_KEY}`;
  const entries = legend.entries().map((entry) => ({
    text: `[${entry.number}] ${entry.text}${entry.count > 1 ? ` (×${entry.count})` : ''}`,
    color: entry.color,
  }));
  if (legend.omitted > 0) {
    entries.push({
      text: `${legend.omitted} more distinct messages are not shown, to fit Teams' card size limit; every step's outcome is in the audit trail.`,
      color: 'Default',
    });
  }
  return { section: { show, heading, hasKey: show, key, targets: [], legend: entries }, stepLines };
}

function progressHeading(progress: readonly TargetProgressView[]): string {
  if (progress.length <= 1) return 'Progress';
  const ended = progress.filter((t) =>
    t.steps.every((s) => s.state !== 'pending' && s.state !== 'running'),
  );
  const failed = progress.filter((t) => t.steps.some((s) => s.state === 'failed')).length;
  return `Progress: ${ended.length} of ${progress.length} targets finished${failed > 0 ? `, ${failed} with failures` : ''}`;
}

function detailedStep(step: StepProgressView, messageLength: number): object {
  const style = STEP_STATE_STYLES[step.state];
  const message = plainText(step.message, messageLength);
  const listed = step.devices.slice(0, DEVICES_LISTED).map((device) => ({
    text: `${STEP_STATE_STYLES[device.state].icon} ${plainText(device.displayName, 80)}: ${STEP_STATE_STYLES[device.state].word.toLowerCase()}${device.message ? `, ${plainText(device.message, messageLength)}` : ''}`,
    color: STEP_STATE_STYLES[device.state].color,
  }));
  const rest = step.devices.slice(DEVICES_LISTED);
  const more =
    rest.length > 0
      ? [{ text: `… and ${rest.length} more devices (${deviceCounts(rest)})`, color: 'Default' }]
      : [];
  return {
    icon: style.icon,
    title: step.title,
    word: style.word,
    color: style.color,
    hasMessage: message.length > 0,
    message,
    devices: [...listed, ...more],
  };
}

/** "✅ Snapshot · ❌ Revoke sessions [2] · ✅ Disable devices 3/3", or "✅ ❌[2] ✅3/3". */
function stepLine(
  target: TargetProgressView,
  layout: RequestCardLayout,
  legend: NoteLegend,
): string {
  const tokens = target.steps.map((step) => {
    const refs = [note(step.message, step.state, layout, legend)];
    for (const device of step.devices)
      refs.push(note(device.message, device.state, layout, legend));
    const numbers = [...new Set(refs.filter((ref): ref is number => ref !== undefined))];
    const devices = step.devices.length > 0 ? ` ${done(step.devices)}/${step.devices.length}` : '';
    const title = layout.stepTitles ? ` ${step.title}` : '';
    const suffix = numbers.length > 0 ? ` [${numbers.join(',')}]` : '';
    return `${STEP_STATE_STYLES[step.state].icon}${title}${devices}${suffix}`;
  });
  return tokens.join(layout.stepTitles ? ' · ' : '  ');
}

function note(
  message: string,
  state: StepProgressView['state'],
  layout: RequestCardLayout,
  legend: NoteLegend,
): number | undefined {
  const text = plainText(message, layout.messageLength);
  if (!text) return undefined;
  return legend.add(
    text,
    state === 'failed' ? 'Attention' : state === 'skipped' ? 'Warning' : 'Default',
  );
}

const done = (devices: readonly DeviceProgressView[]): number =>
  devices.filter((device) => device.state === 'done').length;

function deviceCounts(devices: readonly DeviceProgressView[]): string {
  return (['done', 'skipped', 'failed'] as const)
    .map((state) => `${devices.filter((d) => d.state === state).length} ${state}`)
    .join(', ');
}
