import type { StepDefinition } from '../definition/orchestration-definition.ts';
import type { EndState, OrchestrationState, StepPhase } from '../store/orchestration-entity.ts';
import type { StepState } from '../store/step-entity.ts';

/** What happened to an orchestration: a step's own outcome, or a request to cancel. */
export type ProgressEvent =
  | { kind: 'completed'; stepId: string; output: unknown }
  | { kind: 'failed'; stepId: string; error: string }
  | { kind: 'skipped'; stepId: string }
  | { kind: 'compensated'; stepId: string }
  | { kind: 'uncompensated'; stepId: string; error: string }
  | { kind: 'cancel'; reason: string };

export interface Progress {
  state: OrchestrationState;
  ending: EndState | null;
  error: string | null;
  progress: Record<string, StepPhase>;
  outputs: Record<string, unknown>;
}

/** A transition of another step's row, applied as an input to the step machine. */
export interface StepMove {
  stepId: string;
  from: readonly StepState[];
  to: StepState;
}

export interface ProgressPlan {
  /** The orchestration's new progress; undefined when the event was a repeat and changes nothing. */
  next?: Progress;
  moves: StepMove[];
  /** Where the acting step's own row goes (its processor writes it). */
  own?: StepState;
  /** Set when the orchestration reached its end with this event. */
  ended?: 'COMPLETED' | 'FAILED' | 'CANCELLED';
}

/** The row state that goes with each phase of a step's progress. */
export const PHASE_STATE: Readonly<Record<StepPhase, StepState>> = {
  released: 'RUNNING',
  completed: 'COMPLETED',
  failed: 'FAILED',
  skipped: 'SKIPPED',
  compensating: 'COMPENSATING',
  compensated: 'COMPENSATED',
  uncompensated: 'COMPENSATION_FAILED',
};

/** Phases after which a step leaves nothing of its own to undo. */
const SETTLED: ReadonlySet<StepPhase | undefined> = new Set(['failed', 'skipped', 'compensated', 'uncompensated']);
/** Phases in which a step still has work running or waiting to be undone. */
const UNSETTLED: ReadonlySet<StepPhase | undefined> = new Set(['released', 'completed', 'compensating']);

/** The phase an event moves its step from, and into. */
const STEP_EVENTS = {
  completed: ['released', 'completed'],
  failed: ['released', 'failed'],
  skipped: ['released', 'skipped'],
  compensated: ['compensating', 'compensated'],
  uncompensated: ['compensating', 'uncompensated'],
} as const satisfies Record<Exclude<ProgressEvent['kind'], 'cancel'>, readonly [StepPhase, StepPhase]>;

/**
 * Decides what follows an event, from the orchestration's progress alone: which waiting steps
 * are released (their dependencies all completed), which completed steps are compensated (once
 * every step depending on them has nothing left to undo: reverse dependency order), which are
 * skipped, and whether the orchestration ends. Pure, so that it runs under the orchestration's
 * lock and is tested without a database.
 */
export function planProgress(steps: readonly StepDefinition[], current: Progress, event: ProgressEvent): ProgressPlan {
  const next: Progress = { ...current, progress: { ...current.progress }, outputs: { ...current.outputs } };
  const activityOf = (id: string) => steps.find((step) => step.id === id)?.activity ?? '?';
  let own: StepState | undefined;

  if (event.kind === 'cancel') {
    if (current.state !== 'RUNNING') return { moves: [] };
    next.state = 'COMPENSATING';
    next.ending = 'CANCELLED';
    next.error = event.reason;
  } else {
    const phase = current.progress[event.stepId];
    const [from, to] = STEP_EVENTS[event.kind];
    // A repeat (a processor whose outcome was lost runs again): the step is where it was.
    if (phase !== from) return { moves: [], ...(phase ? { own: PHASE_STATE[phase] } : {}) };
    next.progress[event.stepId] = to;
    own = PHASE_STATE[to];
    const step = `step ${event.stepId} (${activityOf(event.stepId)})`;
    if (event.kind === 'completed') next.outputs[event.stepId] = event.output ?? null;
    if (event.kind === 'failed' && current.state === 'RUNNING') {
      next.state = 'COMPENSATING';
      next.ending = 'FAILED';
      next.error = `${step} failed: ${event.error}`;
    }
    if (event.kind === 'uncompensated') next.error = `${next.error ?? 'compensating'}; compensation of ${step} failed: ${event.error}`;
  }

  const moves: StepMove[] = [];
  const phaseOf = (id: string) => next.progress[id];
  let ended: ProgressPlan['ended'];
  if (next.state === 'RUNNING') {
    for (const step of steps) {
      if (phaseOf(step.id) === undefined && (step.dependsOn ?? []).every((id) => phaseOf(id) === 'completed')) {
        next.progress[step.id] = 'released';
        moves.push({ stepId: step.id, from: ['WAITING'], to: 'RUNNING' });
      }
    }
    if (steps.every((step) => phaseOf(step.id) === 'completed')) ended = next.state = 'COMPLETED';
  } else if (next.state === 'COMPENSATING') {
    for (const step of steps) {
      if (phaseOf(step.id) === undefined) {
        next.progress[step.id] = 'skipped';
        moves.push({ stepId: step.id, from: ['WAITING'], to: 'SKIPPED' });
      }
    }
    for (const step of steps) {
      if (phaseOf(step.id) !== 'completed') continue;
      const dependents = steps.filter((other) => other.dependsOn?.includes(step.id));
      if (!dependents.every((dependent) => SETTLED.has(phaseOf(dependent.id)))) continue;
      next.progress[step.id] = 'compensating';
      // The acting step's row is held by its own processor, which writes the move itself.
      if (event.kind !== 'cancel' && step.id === event.stepId) own = 'COMPENSATING';
      // Its row may still be RUNNING: the processor that completed it has not written its outcome yet.
      else moves.push({ stepId: step.id, from: ['RUNNING', 'COMPLETED'], to: 'COMPENSATING' });
    }
    if (!steps.some((step) => UNSETTLED.has(phaseOf(step.id)))) {
      const uncompensated = steps.some((step) => phaseOf(step.id) === 'uncompensated');
      ended = next.state = next.ending === 'FAILED' || uncompensated ? 'FAILED' : 'CANCELLED';
    }
  }
  return { next, moves, ...(own ? { own } : {}), ...(ended ? { ended } : {}) };
}
