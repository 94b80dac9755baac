/** How a workflow step reads on one line: a mark for its state, how long it took, its attempts and error. */
import type { StepJson } from './tenant-json.ts';

const MARKS: Record<string, string> = {
  WAITING: '·',
  RUNNING: '→',
  COMPLETED: '✓',
  FAILED: '✗',
  SKIPPED: '-',
  COMPENSATING: '↺',
  COMPENSATED: '↩',
  COMPENSATION_FAILED: '✗',
};

export const IN_FLIGHT = new Set(['RUNNING', 'COMPENSATING']);

export function stepMark(step: StepJson): string {
  return MARKS[step.state] ?? '?';
}

/** From start to finish (or compensation, or `now` while it runs); undefined before it started. */
export function stepDurationMs(step: StepJson, now: number): number | undefined {
  if (!step.startedAt) return undefined;
  const end = step.compensatedAt ?? step.finishedAt;
  const until = end ? Date.parse(end) : IN_FLIGHT.has(step.state) ? now : undefined;
  return until === undefined ? undefined : Math.max(0, until - Date.parse(step.startedAt));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** `<id> <activity> <STATE> [(attempt n)] [duration] [error]`, columns padded to `widths`. */
export function describeStep(step: StepJson, now: number, widths: { id: number; activity: number }): string {
  const duration = stepDurationMs(step, now);
  const parts = [step.id.padEnd(widths.id), step.activity.padEnd(widths.activity), step.state];
  if (step.attempts > 1) parts.push(`(attempt ${step.attempts})`);
  if (duration !== undefined) parts.push(formatDuration(duration));
  if (step.error) parts.push(`— ${step.error}`);
  return parts.join('  ');
}

export function stepWidths(steps: readonly StepJson[]): { id: number; activity: number } {
  return {
    id: Math.max(0, ...steps.map((s) => s.id.length)),
    activity: Math.max(0, ...steps.map((s) => s.activity.length)),
  };
}
