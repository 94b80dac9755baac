import type { EntityManager } from '@mikro-orm/core';

/** One step of an orchestration: an activity to run once the steps it depends on are completed. */
export interface StepDefinition {
  /** Unique within the orchestration: letters, digits, `.`, `_`, `-`, at most 64 characters. */
  readonly id: string;
  /** The activity type, as contributed to `WorkflowActivities`. */
  readonly activity: string;
  /** Ids of the steps whose completion this step waits for; none for a step that runs at once. */
  readonly dependsOn?: readonly string[];
  /** Fixed parameters of this step (JSON), handed to the activity as `ctx.params`. */
  readonly input?: Readonly<Record<string, unknown>>;
}

/** How an orchestration ended, handed to `onEnd`. */
export interface OrchestrationEnd {
  readonly id: string;
  readonly name: string;
  readonly tenantId: string;
  readonly correlationId: string | null;
  readonly state: 'COMPLETED' | 'FAILED' | 'CANCELLED';
  /** The cause of a failure or cancellation (and of any compensation that failed); null when completed. */
  readonly error: string | null;
  readonly input: Readonly<Record<string, unknown>>;
  /** What each completed step returned, by step id. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

export interface OrchestrationDefinition {
  /** Names the orchestration in `Workflows.start`, listings and metrics, e.g. `provision-tenant`. */
  readonly name: string;
  readonly description?: string;
  readonly activities: readonly StepDefinition[];
  /**
   * Runs in the transaction that writes the orchestration's end, so what it writes (a tenant
   * turning ACTIVE or FAILED) commits with that end, exactly once. A throw rolls the end back and
   * the step that ended it is retried. Only for definitions contributed to
   * `WorkflowOrchestrations`, so that whichever replica ends the orchestration has the hook.
   */
  readonly onEnd?: (end: OrchestrationEnd, em: EntityManager) => Promise<void>;
}
