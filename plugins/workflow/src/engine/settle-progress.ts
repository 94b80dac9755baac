import { type EntityManager, LockMode } from '@mikro-orm/core';
import { problems } from '@tdss/sdk';
import type { OrchestrationEnd } from '../definition/orchestration-definition.ts';
import { OrchestrationEntity, type OrchestrationRow, type OrchestrationState } from '../store/orchestration-entity.ts';
import type { StepRow } from '../store/step-entity.ts';
import { type EngineParts, stepKey } from './engine-parts.ts';
import { type Progress, type ProgressEvent, type ProgressPlan, planProgress, type StepMove } from './plan-progress.ts';
import { type OwnStep, writeDetails } from './write-details.ts';

export interface Settled {
  plan: ProgressPlan;
  orchestration: OrchestrationRow;
}

/** Rounds of read, plan and conditional write before giving up (only SQLite, without row locks, can need more than one). */
const ROUNDS = 5;

/**
 * Records an event in the orchestration's progress and makes what follows happen, in one
 * transaction that holds the orchestration row (`FOR UPDATE` on PostgreSQL; the version check
 * guards SQLite): the new progress, the acting step's details, the moves of other steps' rows,
 * and the `onEnd` hook commit together. Steps made due are kicked once it has committed.
 */
export async function settleProgress(parts: EngineParts, orchestrationId: string, event: ProgressEvent, own?: OwnStep): Promise<Settled> {
  const { db } = parts;
  const lock = db.dialect === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  for (let round = 0; round < ROUNDS; round++) {
    const settled = await db.transactional(async (em): Promise<Written | undefined> => {
      const row = await em.findOne(OrchestrationEntity, { id: orchestrationId }, { ...lock, refresh: true });
      if (!row) throw problems.notFound(`orchestration ${orchestrationId} does not exist`);
      const before = progressOf(row);
      const plan = planProgress(row.definition, before, event);
      const now = new Date();
      if (!plan.next) return { plan, orchestration: row, now, before: before.state };
      const changes = {
        ...plan.next,
        updatedAt: now,
        ...(plan.ended ? { finishedAt: now } : {}),
      };
      const written = await em.nativeUpdate(OrchestrationEntity, { id: row.id, version: row.version }, { ...changes, version: row.version + 1 });
      if (written !== 1) return undefined;
      if (own) await writeDetails(em, own);
      for (const move of plan.moves) await moveStep(parts, em, row, move, now);
      const orchestration = { ...row, ...changes, version: row.version + 1 } as OrchestrationRow;
      if (plan.ended) await parts.onEnd(row.name)?.(endOf(orchestration), em);
      return { plan, orchestration, now, before: before.state };
    });
    if (settled) {
      afterCommit(parts, settled);
      return { plan: settled.plan, orchestration: settled.orchestration };
    }
  }
  throw problems.conflict(`orchestration ${orchestrationId} kept changing while its progress was written; try again`);
}

type Written = Settled & { now: Date; before: OrchestrationState };

function progressOf(row: OrchestrationRow): Progress {
  return { state: row.state, ending: row.ending ?? null, error: row.error ?? null, progress: row.progress, outputs: row.outputs };
}

async function moveStep(parts: EngineParts, em: EntityManager, row: OrchestrationRow, move: StepMove, now: Date): Promise<void> {
  const changes: Partial<StepRow> = move.to === 'RUNNING' ? { startedAt: now } : move.to === 'SKIPPED' ? { finishedAt: now } : {};
  const id = stepKey(row.id, move.stepId);
  const result = await parts.machine().apply(em, { id, tenantId: row.tenantId, from: move.from, to: move.to, changes });
  if (result.result === 'applied' || result.result === 'duplicate') return;
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

function afterCommit(parts: EngineParts, { plan, orchestration, now, before }: Written): void {
  const machine = parts.machine();
  const activityOf = (stepId: string) => orchestration.definition.find((step) => step.id === stepId)?.activity ?? '?';
  for (const move of plan.moves) {
    if (machine.hasProcessor(move.to)) void machine.kick(stepKey(orchestration.id, move.stepId));
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
