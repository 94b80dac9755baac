import type { EntityManager } from '@mikro-orm/core';
import { problems } from '@tdss/sdk';
import type { Changes, Claim, Outcome, Step } from '@tdss/state-machine';
import type { OrchestrationEnd } from '../definition/orchestration-definition.ts';
import type { OrchestrationRow, OrchestrationState } from '../store/orchestration-entity.ts';
import type { StepRow, StepState } from '../store/step-entity.ts';
import { type EngineParts, stepKey } from './engine-parts.ts';
import { type Progress, type ProgressEvent, type ProgressPlan, planProgress, type StepMove } from './plan-progress.ts';

export interface Settled {
  plan: ProgressPlan;
  orchestration: OrchestrationRow;
  /** The acting step's outcome, written in the transaction; absent for a repeat (nothing was news). */
  outcome?: Outcome<StepRow>;
}

/** The step whose outcome is the event: its own row's transition and details commit with the progress. */
export interface OwnStep {
  step: Step<StepRow>;
  /** Its state now, kept when the plan gives it none. */
  state: StepState;
  details: Changes<StepRow>;
}

/** Rounds of read, plan and conditional write before giving up (past the first, only SQLite, without row locks, can need another). */
const ROUNDS = 5;

/**
 * Records an event in the orchestration's progress and makes what follows happen, in one
 * transaction: the new progress, the moves of other steps' rows and the `onEnd` hook commit
 * together with the acting step's own outcome and details, so that a crash never leaves one
 * without the other; steps made due are claimed in it and run once it has committed.
 *
 * The progress is planned from one version of the row and written only over that version. The
 * first round plans from `known` (the row the acting step ran with) without reading it: a step
 * of a chain finds it unchanged. When the write finds another version, the next rounds read the
 * row `FOR UPDATE` (PostgreSQL; SQLite has one writer at a time) and plan again, in the same
 * transaction: the failed write changed nothing, and each statement reads the newest commit.
 */
export async function settleProgress(parts: EngineParts, orchestrationId: string, event: ProgressEvent, own?: OwnStep, known?: OrchestrationRow): Promise<Settled> {
  const { db, rows } = parts;
  const settled = await db.transactional(async (em): Promise<Written | undefined> => {
    const k = db.kysely(em);
    for (let round = 0; round < ROUNDS; round++) {
      const row = round === 0 && known ? known : await rows.read(k, orchestrationId, { lock: true });
      if (!row) throw problems.notFound(`orchestration ${orchestrationId} does not exist`);
      const before = progressOf(row);
      const plan = planProgress(row.definition, before, event);
      const now = new Date();
      if (!plan.next) return { plan, orchestration: row, now, before: before.state, claims: [] };
      const changes = { ...plan.next, updatedAt: now, ...(plan.ended ? { finishedAt: now } : {}) };
      if (!(await rows.writeProgress(k, row, changes))) continue;
      const claims: Claim[] = [];
      for (const move of plan.moves) {
        const claim = await moveStep(parts, em, row, move, now);
        if (claim) claims.push(claim);
      }
      const outcome = own && (await own.step.transitionIn(em, plan.own ?? own.state, own.details));
      const orchestration = { ...row, ...changes, version: row.version + 1 } as OrchestrationRow;
      if (plan.ended) await parts.onEnd(row.name)?.(endOf(orchestration), em);
      return { plan, orchestration, now, before: before.state, claims, ...(outcome ? { outcome } : {}) };
    }
    return undefined;
  });
  if (!settled) throw problems.conflict(`orchestration ${orchestrationId} kept changing while its progress was written; try again`);
  afterCommit(parts, settled);
  return { plan: settled.plan, orchestration: settled.orchestration, ...(settled.outcome ? { outcome: settled.outcome } : {}) };
}

type Written = Settled & { now: Date; before: OrchestrationState; claims: Claim[] };

function progressOf(row: OrchestrationRow): Progress {
  return { state: row.state, ending: row.ending ?? null, error: row.error ?? null, progress: row.progress, outputs: row.outputs };
}

/**
 * Moves another step's row (one statement). A step made due is claimed for this runtime in the
 * same statement, so that it runs as soon as the transaction commits, without a claim of its own.
 */
async function moveStep(parts: EngineParts, em: EntityManager, row: OrchestrationRow, move: StepMove, now: Date): Promise<Claim | undefined> {
  const changes: Partial<StepRow> = move.to === 'RUNNING' ? { startedAt: now } : move.to === 'SKIPPED' ? { finishedAt: now } : {};
  const id = stepKey(row.id, move.stepId);
  const result = await parts.machine().move(em, { id, tenantId: row.tenantId, from: move.from, to: move.to, changes, claim: true });
  if (result.result === 'applied') return result.claim;
  if (result.result === 'duplicate') return undefined;
  // Only the progress moves steps out of WAITING and into COMPENSATING: a refusal means the two
  // disagree. Rolling back keeps the progress as it was; the acting step is retried.
  const state = result.result === 'refused' ? result.state : 'missing';
  throw new Error(`step ${id} could not move to ${move.to}: it is ${state}`);
}

function endOf(row: OrchestrationRow): OrchestrationEnd {
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenantId,
    correlationId: row.correlationId ?? null,
    state: row.state as OrchestrationEnd['state'],
    error: row.error ?? null,
    input: row.input,
    outputs: row.outputs,
  };
}

function afterCommit(parts: EngineParts, { plan, orchestration, now, before, claims }: Written): void {
  const machine = parts.machine();
  const activityOf = (stepId: string) => orchestration.definition.find((step) => step.id === stepId)?.activity ?? '?';
  // Claimed in the transaction: they run now, with the orchestration as it left it. A due step
  // left unclaimed (the machine is stopping) waits for a sweep.
  for (const claim of claims) {
    parts.snapshots.set(claim.id, orchestration);
    void machine.run(claim);
  }
  for (const move of plan.moves) {
    if (move.to === 'SKIPPED') parts.metrics.step(activityOf(move.stepId), 'skipped');
    parts.events.emit({
      type: 'step',
      orchestrationId: orchestration.id,
      tenantId: orchestration.tenantId,
      stepId: move.stepId,
      activity: activityOf(move.stepId),
      state: move.to,
      attempts: 0,
      error: null,
      at: now,
    });
  }
  if (plan.next && plan.next.state !== before) {
    parts.events.emit({
      type: 'orchestration',
      orchestrationId: orchestration.id,
      tenantId: orchestration.tenantId,
      name: orchestration.name,
      state: plan.next.state,
      error: plan.next.error,
      at: now,
    });
  }
  if (plan.ended) parts.metrics.ended(orchestration.name, plan.ended, (now.getTime() - new Date(orchestration.createdAt).getTime()) / 1000);
}
