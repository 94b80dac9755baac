/** What other plugins use of the workflow engine: the service, its extension points and their types. */
import type { EntityManager } from '@mikro-orm/core';
import { createExtensionPoint, createServiceToken, type Page } from '@tdss/sdk';
import type { WorkflowActivity } from './activity/workflow-activity.ts';
import type { OrchestrationDefinition } from './definition/orchestration-definition.ts';
import type { WorkflowListener } from './engine/workflow-event.ts';
import type { OrchestrationState } from './store/orchestration-entity.ts';
import type { StepState } from './store/step-entity.ts';

export interface StartOptions {
  /** The tenant the orchestration works for; stored on every row it writes. */
  tenantId: string;
  /** The caller's own reference, e.g. the tenant id or a request id; listed and filtered by. */
  correlationId?: string;
  /**
   * The orchestration's id (1 to 128 letters, digits, `.`, `_`, `:`, `-`); a random UUID when
   * absent. Starting again with an id that exists returns it without starting anything (409
   * when it belongs to another orchestration or tenant), so a caller can retry a start safely.
   */
  id?: string;
  /**
   * Writes the orchestration in the caller's unit of work (e.g. with the tenant row that asked
   * for it), so both commit or neither. Its steps then start when the sweeper finds them
   * (`steps.pollIntervalMs`), or at once after `kick(id)` once the caller has committed.
   */
  em?: EntityManager;
}

export interface StepView {
  id: string;
  activity: string;
  dependsOn: string[];
  state: StepState;
  /** Execution attempts that ended (failed or succeeded). */
  attempts: number;
  compensationAttempts: number;
  /** The last failed attempt's error; null once the step completed (or was compensated). */
  error: string | null;
  /** When its dependencies were all completed and it became due. */
  startedAt: Date | null;
  finishedAt: Date | null;
  compensatedAt: Date | null;
  /** When its row last changed state. */
  updatedAt: Date;
  /** When a step waiting to retry is due again. */
  nextAttemptAt: Date | null;
}

export interface OrchestrationSummary {
  id: string;
  name: string;
  tenantId: string;
  correlationId: string | null;
  state: OrchestrationState;
  /** Why it failed or was cancelled, with any compensation that failed; null otherwise. */
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface OrchestrationView extends OrchestrationSummary {
  input: Record<string, unknown>;
  /** What each completed step returned, by step id. */
  outputs: Record<string, unknown>;
  /** In definition order. */
  steps: StepView[];
}

export interface OrchestrationQuery {
  tenantId?: string;
  correlationId?: string;
  name?: string;
  state?: OrchestrationState;
  /** 0 when absent. */
  offset?: number;
  /** 50 when absent; at most 500. */
  limit?: number;
}

export interface Workflows {
  /**
   * Starts an orchestration — a contributed one by name, or a definition (checked like
   * `defineOrchestration`, its activity types against this runtime's) — and resolves to its id
   * once it is stored.
   */
  start(orchestration: OrchestrationDefinition | string, input: Record<string, unknown>, options: StartOptions): Promise<string>;
  /** The orchestration with each step; a 404 problem when there is none. */
  get(id: string): Promise<OrchestrationView>;
  /** Newest first. */
  list(query?: OrchestrationQuery): Promise<Page<OrchestrationSummary>>;
  /**
   * Stops a running orchestration: steps not begun are skipped, steps in flight finish their
   * attempt, completed steps are compensated, and it ends CANCELLED (FAILED if a compensation
   * failed). Repeating it changes nothing; a 409 problem for a COMPLETED orchestration.
   */
  cancel(id: string, options?: { reason?: string }): Promise<OrchestrationView>;
  /**
   * Deletes every ended (COMPLETED, FAILED, CANCELLED) orchestration of a tenant with its steps
   * and records, e.g. once a terminated tenant's retention is over; running ones stay. With `em`
   * in the caller's unit of work. Resolves to the number of orchestrations deleted.
   */
  forget(tenantId: string, options?: { em?: EntityManager }): Promise<number>;
  /** Runs the orchestration's due steps now (after a start with `em` has committed). */
  kick(id: string): Promise<void>;
  /** Hears of the changes this runtime makes; returns the function that stops listening. */
  subscribe(listener: WorkflowListener): () => void;
}

export const Workflows = createServiceToken<Workflows>('tdss.Workflows', {
  description: 'Durable orchestrations of idempotent activities: start, follow, cancel.',
  providedBy: ['@tdss/workflow'],
});

export const WorkflowActivities = createExtensionPoint<WorkflowActivity>('tdss.WorkflowActivities', {
  description: 'Activity types steps of an orchestration can run: execute, compensate, retry policy.',
});

export const WorkflowOrchestrations = createExtensionPoint<OrchestrationDefinition>('tdss.WorkflowOrchestrations', {
  description: 'Named orchestrations (DAGs of activities) that Workflows.start runs by name.',
});
