import { PHASE_STATE } from '../engine/plan-progress.ts';
import type { OrchestrationRow } from '../store/orchestration-entity.ts';
import type { StepRow } from '../store/step-entity.ts';
import type { OrchestrationSummary, OrchestrationView, StepView } from '../tokens.ts';

export function toSummary(row: OrchestrationRow): OrchestrationSummary {
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenantId,
    correlationId: row.correlationId ?? null,
    state: row.state,
    error: row.error ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt ?? null,
  };
}

/**
 * Each step's state comes from the orchestration's progress, which always leads: a step row
 * may still say RUNNING for the moment between its progress commit and its own outcome write.
 */
export function toView(row: OrchestrationRow, steps: readonly StepRow[]): OrchestrationView {
  const rows = new Map(steps.map((step) => [step.stepId, step]));
  return {
    ...toSummary(row),
    input: row.input,
    outputs: row.outputs,
    steps: row.definition.map((definition): StepView => {
      const step = rows.get(definition.id);
      const phase = row.progress[definition.id];
      return {
        id: definition.id,
        activity: definition.activity,
        dependsOn: [...(definition.dependsOn ?? [])],
        state: phase ? PHASE_STATE[phase] : 'WAITING',
        attempts: step?.attempts ?? 0,
        compensationAttempts: step?.compensationAttempts ?? 0,
        error: step?.error ?? null,
        startedAt: step?.startedAt ?? null,
        finishedAt: step?.finishedAt ?? null,
        compensatedAt: step?.compensatedAt ?? null,
        updatedAt: step?.stateTimestamp ?? row.updatedAt,
        nextAttemptAt: step?.leaseOwner ? null : (step?.nextAttemptAt ?? null),
      };
    }),
  };
}
