import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { stateMachineProperties } from '@tdss/state-machine';

/**
 * Step states. RUNNING and COMPENSATING have processors (the activity's execute and compensate);
 * WAITING waits for the step's dependencies; the others are where a step ends.
 */
export const STEP_STATES = ['WAITING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED', 'COMPENSATING', 'COMPENSATED', 'COMPENSATION_FAILED'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** One step of an orchestration: a row of the `workflow-steps` state machine. */
export const StepEntity = defineEntity({
  name: 'WorkflowStep',
  tableName: 'wf_steps',
  properties: {
    /** `<orchestrationId>/<stepId>`, also the step's idempotency key. */
    id: p.string().primary(),
    tenantId: p.string(),
    orchestrationId: p.string(),
    stepId: p.string(),
    activity: p.string(),
    /** The step's place in the definition, for listing steps in it. */
    position: p.integer(),
    /** Execution attempts that ended (failed or succeeded). */
    attempts: p.integer().default(0),
    compensationAttempts: p.integer().default(0),
    /** The last attempt's error (execution or compensation). */
    error: p.text().nullable(),
    /** When its dependencies were completed and it became due. */
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    compensatedAt: p.datetime().nullable(),
    ...stateMachineProperties(),
  },
});

export type StepRow = InferEntity<typeof StepEntity>;
