import type { Processor, Step } from '@tdss/state-machine';
import { createActivityContext } from '../activity/create-activity-context.ts';
import { errorMessage, PermanentError } from '../activity/permanent-error.ts';
import type { OrchestrationRow } from '../store/orchestration-entity.ts';
import type { StepRow, StepState } from '../store/step-entity.ts';
import { writeDetails } from './write-details.ts';
import type { StepOutcome } from './create-workflow-metrics.ts';
import type { EngineParts } from './engine-parts.ts';
import { PHASE_STATE, type ProgressEvent } from './plan-progress.ts';
import { settleProgress } from './settle-progress.ts';

type Work = 'execute' | 'compensate';

/** What a step's own row records of an attempt, written with its outcome. */
type StepDetails = { attempts?: number; compensationAttempts?: number; error?: string | null; finishedAt?: Date; compensatedAt?: Date };

/** The work of the step machine's pending states: RUNNING executes the activity, COMPENSATING undoes it. */
export function createStepProcessors(parts: EngineParts): Record<string, Processor<StepRow>> {
  return {
    RUNNING: (row, step) => runStep(parts, row, step),
    COMPENSATING: (row, step) => compensateStep(parts, row, step),
  };
}

/**
 * The orchestration of a step being processed (input, outputs, progress): as the transaction that
 * released this step left it, when it claimed the step, else read.
 */
async function orchestrationOf(parts: EngineParts, row: StepRow): Promise<OrchestrationRow> {
  const snapshot = parts.snapshots.get(row.id);
  if (snapshot) {
    parts.snapshots.delete(row.id);
    return snapshot;
  }
  const orchestration = await parts.rows.read(parts.db.kysely(), row.orchestrationId);
  if (!orchestration) throw new Error(`orchestration ${row.orchestrationId} of step ${row.id} does not exist`);
  return orchestration;
}

async function runStep(parts: EngineParts, row: StepRow, step: Step<StepRow>) {
  const orchestration = await orchestrationOf(parts, row);
  const phase = orchestration.progress[row.stepId];
  // Settled already: this processor ran before and its outcome was lost (a crash, a lost lease).
  if (phase !== undefined && phase !== 'released') return step.transition(PHASE_STATE[phase]);
  if (orchestration.state !== 'RUNNING') {
    // Failed or cancelled before this step began: it does nothing and leaves nothing to undo.
    return settle(parts, orchestration, row, step, { kind: 'skipped', stepId: row.stepId }, 'skipped', { finishedAt: new Date() });
  }
  const began = performance.now();
  let output: unknown;
  try {
    const activity = parts.registry.get(row.activity);
    output = toJson(await activity.execute(createActivityContext(parts.db, parts.logger, orchestration, row, step.attempt)), row.activity);
  } catch (error) {
    return failedAttempt(parts, orchestration, row, step, 'execute', error, began);
  }
  const details = { attempts: step.attempt, error: null, finishedAt: new Date() };
  return settle(parts, orchestration, row, step, { kind: 'completed', stepId: row.stepId, output }, 'completed', details, began);
}

async function compensateStep(parts: EngineParts, row: StepRow, step: Step<StepRow>) {
  const orchestration = await orchestrationOf(parts, row);
  const phase = orchestration.progress[row.stepId];
  if (phase !== undefined && phase !== 'compensating') return step.transition(PHASE_STATE[phase]);
  const began = performance.now();
  try {
    const activity = parts.registry.get(row.activity);
    const context = createActivityContext(parts.db, parts.logger, orchestration, row, step.attempt);
    await activity.compensate({ ...context, output: orchestration.outputs[row.stepId] ?? null });
  } catch (error) {
    return failedAttempt(parts, orchestration, row, step, 'compensate', error, began);
  }
  const details = { compensationAttempts: step.attempt, error: null, compensatedAt: new Date() };
  return settle(parts, orchestration, row, step, { kind: 'compensated', stepId: row.stepId }, 'compensated', details, began);
}

/** A failed attempt: another after the back-off, or the step's failure once retrying is pointless. */
async function failedAttempt(parts: EngineParts, orchestration: OrchestrationRow, row: StepRow, step: Step<StepRow>, work: Work, error: unknown, began: number) {
  const message = errorMessage(error);
  const attempts = work === 'execute' ? { attempts: step.attempt } : { compensationAttempts: step.attempt };
  const details = { ...attempts, error: message };
  const log = { err: error, orchestrationId: orchestration.id, stepId: row.stepId, activity: row.activity, attempt: step.attempt };
  if (parts.registry.retryable(row.activity, error) && step.attempt < parts.registry.maxAttempts(row.activity)) {
    // Shown by Workflows.get while the step waits for its next attempt; a row taken over meanwhile keeps its own.
    await writeDetails(parts.db.em(), { id: row.id, version: row.version, changes: details });
    parts.logger.info(log, `activity failed to ${work}; retrying after the back-off`);
    observe(parts, row, work === 'execute' ? 'retried' : 'compensation_retried', began);
    emitStep(parts, orchestration, row, row.state as StepState, step.attempt, message);
    return step.retry(error);
  }
  parts.logger.warn(log, `activity failed to ${work} for good`);
  const event: ProgressEvent = work === 'execute' ? { kind: 'failed', stepId: row.stepId, error: message } : { kind: 'uncompensated', stepId: row.stepId, error: message };
  const outcome = work === 'execute' ? 'failed' : 'compensation_failed';
  const at = work === 'execute' ? { finishedAt: new Date() } : { compensatedAt: new Date() };
  return settle(parts, orchestration, row, step, event, outcome, { ...details, ...at }, began);
}

/**
 * Writes the step's outcome into the progress and, in the same transaction, its own row's
 * transition with its details; resolves to that outcome. A repeat (the progress has it already)
 * leaves the details of the run that settled it. The details are taken before the progress
 * commits, so that a dependent never seems to start before this step finished.
 */
async function settle(
  parts: EngineParts,
  orchestration: OrchestrationRow,
  row: StepRow,
  step: Step<StepRow>,
  event: ProgressEvent,
  outcome: StepOutcome,
  details: StepDetails,
  began?: number,
) {
  const state = row.state as StepState;
  const settled = await settleProgress(parts, orchestration.id, event, { step, state, details }, orchestration);
  const own = settled.plan.own ?? state;
  if (!settled.outcome) return step.transition(own);
  observe(parts, row, outcome, began);
  const attempts = (event.kind === 'compensated' || event.kind === 'uncompensated' ? details.compensationAttempts : details.attempts) ?? row.stateCount;
  emitStep(parts, orchestration, row, own, attempts, details.error ?? null);
  return settled.outcome;
}

function observe(parts: EngineParts, row: StepRow, outcome: StepOutcome, began?: number): void {
  parts.metrics.step(row.activity, outcome, began === undefined ? undefined : (performance.now() - began) / 1000);
}

function emitStep(parts: EngineParts, orchestration: OrchestrationRow, row: StepRow, state: StepState, attempts: number, error: string | null): void {
  parts.events.emit({
    type: 'step',
    orchestrationId: orchestration.id,
    tenantId: orchestration.tenantId,
    stepId: row.stepId,
    activity: row.activity,
    state,
    attempts,
    error,
    at: new Date(),
  });
}

/** An output is stored as JSON; one that is not JSON is a bug no retry fixes. */
function toJson(value: unknown, activity: string): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null));
  } catch (error) {
    throw new PermanentError(`activity ${activity} returned an output that is not JSON: ${errorMessage(error)}`, { cause: error });
  }
}
