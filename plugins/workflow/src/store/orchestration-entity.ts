import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { StepDefinition } from '../definition/orchestration-definition.ts';

/** Where a step is in the orchestration's progress; absent while it waits for its dependencies. */
export type StepPhase = 'released' | 'completed' | 'failed' | 'skipped' | 'compensating' | 'compensated' | 'uncompensated';

export const ORCHESTRATION_STATES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type OrchestrationState = (typeof ORCHESTRATION_STATES)[number];
export type EndState = 'FAILED' | 'CANCELLED';

/**
 * One orchestration. Its progress (which steps completed, failed, were compensated) and the
 * steps' outputs live here rather than on the step rows, and change only under this row's lock,
 * so that every decision about what runs next sees one consistent picture.
 */
export const OrchestrationEntity = defineEntity({
  name: 'WorkflowOrchestration',
  tableName: 'wf_orchestrations',
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    correlationId: p.string().nullable(),
    name: p.string(),
    state: p.string().$type<OrchestrationState>(),
    /** While compensating: the state it ends in. */
    ending: p.string().$type<EndState>().nullable(),
    /** The cause of a failure or cancellation, and of compensations that failed. */
    error: p.text().nullable(),
    /** The steps as they were defined when the orchestration started. */
    definition: p.json<StepDefinition[]>(),
    input: p.json<Record<string, unknown>>(),
    outputs: p.json<Record<string, unknown>>(),
    progress: p.json<Record<string, StepPhase>>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    version: p.integer().version(),
  },
});

export type OrchestrationRow = InferEntity<typeof OrchestrationEntity>;
