import type { Database, Logger } from '@tdss/sdk';
import type { StateMachine } from '@tdss/state-machine';
import type { ActivityRegistry } from '../activity/create-activity-registry.ts';
import type { OrchestrationDefinition } from '../definition/orchestration-definition.ts';
import type { OrchestrationRow } from '../store/orchestration-entity.ts';
import type { OrchestrationRows } from '../store/orchestration-rows.ts';
import type { StepRow } from '../store/step-entity.ts';
import type { EventHub } from './create-event-hub.ts';
import type { WorkflowMetrics } from './create-workflow-metrics.ts';

/** What the processors, the progress transaction and the service share. */
export interface EngineParts {
  readonly db: Database;
  readonly rows: OrchestrationRows;
  /**
   * By step row id: the orchestration as the transaction that claimed the step left it, for that
   * step's processor to take instead of reading the row again.
   */
  readonly snapshots: Map<string, OrchestrationRow>;
  /** The step machine; created after its processors, so reached through a function. */
  machine(): StateMachine<StepRow>;
  readonly registry: ActivityRegistry;
  /** The `onEnd` hook of a contributed orchestration. */
  onEnd(name: string): OrchestrationDefinition['onEnd'];
  readonly events: EventHub;
  readonly metrics: WorkflowMetrics;
  readonly logger: Logger;
}

/** A step's row id and idempotency key. */
export function stepKey(orchestrationId: string, stepId: string): string {
  return `${orchestrationId}/${stepId}`;
}
