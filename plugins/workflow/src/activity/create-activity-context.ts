import type { Database, Logger } from '@tdss/sdk';
import { ancestorsOf } from '../definition/ancestors-of.ts';
import type { OrchestrationRow } from '../store/orchestration-entity.ts';
import type { StepRow } from '../store/step-entity.ts';
import { createStepRecords } from './create-step-records.ts';
import type { ActivityContext } from './workflow-activity.ts';

/** What an activity sees of its step: the orchestration's input, its ancestors' outputs, its records. */
export function createActivityContext(db: Database, logger: Logger, orchestration: OrchestrationRow, step: StepRow, attempt: number): ActivityContext {
  const definition = orchestration.definition.find((candidate) => candidate.id === step.stepId);
  const ancestors = ancestorsOf(orchestration.definition, step.stepId);
  const outputs = Object.fromEntries(Object.entries(orchestration.outputs).filter(([id]) => ancestors.has(id)));
  return {
    orchestrationId: orchestration.id,
    orchestration: orchestration.name,
    stepId: step.stepId,
    activity: step.activity,
    tenantId: orchestration.tenantId,
    correlationId: orchestration.correlationId ?? null,
    idempotencyKey: step.id,
    attempt,
    input: orchestration.input,
    params: definition?.input ?? {},
    outputs,
    logger: logger.child({ orchestrationId: orchestration.id, stepId: step.stepId, activity: step.activity, attempt }),
    ...createStepRecords(db, step.id),
  };
}
