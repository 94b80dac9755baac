import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '@tdss/sdk';

/** What an activity is handed each time it runs. */
export interface ActivityContext {
  readonly orchestrationId: string;
  /** The orchestration's name, e.g. `provision-tenant`. */
  readonly orchestration: string;
  readonly stepId: string;
  readonly activity: string;
  readonly tenantId: string;
  readonly correlationId: string | null;
  /**
   * `<orchestrationId>/<stepId>`: the same on every attempt and every replica. Key the step's
   * side effects by it (a unique column, an external API's idempotency key, a resource name).
   */
  readonly idempotencyKey: string;
  /** 1 on the first attempt of this execution (or compensation). */
  readonly attempt: number;
  /** The orchestration's input, as given to `Workflows.start`. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The step's own `input` from the definition. */
  readonly params: Readonly<Record<string, unknown>>;
  /** What the steps this one depends on (directly or not) returned, by step id. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly logger: Logger;
  /**
   * Runs a database effect exactly once for this step: `effect` runs in a transaction that also
   * records its result under `name`, so either both commit or neither does. Once recorded, later
   * calls (a retry, a replica resuming after a crash) return the recorded result without running
   * `effect`. Write through the `em` given (or `Database.kysely(em)`) to be inside the transaction.
   */
  once<T>(name: string, effect: (em: EntityManager) => Promise<T>): Promise<T>;
  /** The value recorded under `name` for this step, if any (by `once` or `record`). */
  recorded<T>(name: string): Promise<{ value: T } | undefined>;
  /**
   * Records `value` under `name` for this step unless something is recorded already; resolves to
   * the value that stays recorded. For effects outside the database: look up `recorded` first, do
   * the effect keyed by `idempotencyKey`, then record what it made.
   */
  record<T>(name: string, value: T): Promise<T>;
}

/** A compensation also sees what the step's execution returned. */
export interface CompensationContext extends ActivityContext {
  readonly output: unknown;
}

export interface ActivityRetry {
  /** Attempts (the first included) before the step fails for good; the plugin's `steps.retry.maxAttempts` when absent. */
  readonly maxAttempts?: number;
  /** Whether an error is worth another attempt; every error but a `PermanentError` when absent. */
  retryable?(error: unknown): boolean;
}

/**
 * A kind of work a step can do, contributed to `WorkflowActivities`. Both functions may run more
 * than once for one step (a retry, a replica dying between the work and its record): make them
 * idempotent with `ctx.idempotencyKey` and `ctx.once` / `ctx.record`.
 */
export interface WorkflowActivity {
  /** Referenced by steps, e.g. `identity.create-did`; unique in a runtime. */
  readonly type: string;
  readonly description?: string;
  /** Does the work; resolves to the step's output (JSON), which dependents see in `ctx.outputs`. */
  execute(ctx: ActivityContext): Promise<unknown>;
  /** Undoes the work of a completed execution when the orchestration fails or is cancelled. */
  compensate(ctx: CompensationContext): Promise<void>;
  readonly retry?: ActivityRetry;
}
