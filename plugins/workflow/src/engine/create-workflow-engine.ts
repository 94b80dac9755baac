import type { Database, Logger, Metrics } from '@tdss/sdk';
import { createStateMachine, type StateMachine, type StateMachineSettings } from '@tdss/state-machine';
import { createActivityRegistry } from '../activity/create-activity-registry.ts';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import type { OrchestrationDefinition } from '../definition/orchestration-definition.ts';
import { createOrchestrationRows } from '../store/orchestration-rows.ts';
import { StepEntity, type StepRow } from '../store/step-entity.ts';
import { createEventHub } from './create-event-hub.ts';
import { createWorkflowMetrics } from './create-workflow-metrics.ts';
import type { EngineParts } from './engine-parts.ts';
import { createStepProcessors } from './step-processors.ts';

export interface WorkflowEngineOptions {
  db: Database;
  logger: Logger;
  metrics: Metrics;
  steps: StateMachineSettings;
  activities: readonly WorkflowActivity[];
  /** Contributed definitions by name, already checked. */
  definitions: ReadonlyMap<string, OrchestrationDefinition>;
  /** Lease owner of the step machine; unique per instance by default. */
  owner?: string;
}

export interface WorkflowEngine extends EngineParts {
  readonly definitions: ReadonlyMap<string, OrchestrationDefinition>;
  readonly settings: StateMachineSettings;
}

/**
 * The parts that run orchestrations: the `workflow-steps` state machine over the step rows, its
 * processors, the activities, metrics and listeners. The machine decides retries by the step's
 * activity, so its own attempt limit never cuts in.
 */
export function createWorkflowEngine(options: WorkflowEngineOptions): WorkflowEngine {
  const { db, logger, steps, definitions } = options;
  const registry = createActivityRegistry(options.activities, steps.retry.maxAttempts);
  let machine: StateMachine<StepRow> | undefined;
  const engine: WorkflowEngine = {
    db,
    rows: createOrchestrationRows(db),
    snapshots: new Map(),
    logger,
    registry,
    definitions,
    settings: steps,
    events: createEventHub(logger),
    metrics: createWorkflowMetrics(options.metrics),
    machine: () => machine!,
    onEnd: (name) => definitions.get(name)?.onEnd,
  };
  machine = createStateMachine<StepRow>({
    name: 'workflow-steps',
    db,
    entity: StepEntity,
    logger,
    metrics: options.metrics,
    leaseMs: steps.leaseMs,
    batchSize: steps.batchSize,
    pollIntervalMs: steps.pollIntervalMs,
    retry: { ...steps.retry, maxAttempts: Number.MAX_SAFE_INTEGER },
    processors: createStepProcessors(engine),
    ...(options.owner ? { owner: options.owner } : {}),
  });
  return engine;
}
