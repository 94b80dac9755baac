import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import type { Database, Logger } from '@tdss/sdk';
import type { StateMachineRow } from '../model/state-machine-row.ts';
import type { MachineMetrics } from './create-machine-metrics.ts';
import type { MachineTable } from './machine-table.ts';
import { enteringState, NO_LEASE } from './engine-data.ts';
import { type Changes, createStep, type ExhaustedHandler, isOutcome, type Outcome, type Processor } from './outcome.ts';
import { retryDelay } from './retry-delay.ts';
import type { RetrySettings } from './state-machine-settings.ts';

/** What a machine hands each row it processes. */
export interface ProcessContext<T extends StateMachineRow> {
  readonly machine: string;
  readonly db: Database;
  readonly entity: EntitySchema<T, any>;
  readonly table: MachineTable;
  readonly owner: string;
  readonly processors: Readonly<Record<string, Processor<T>>>;
  readonly retry: RetrySettings;
  readonly onRetriesExhausted: ExhaustedHandler<T> | undefined;
  readonly logger: Logger;
  readonly metrics: MachineMetrics;
}

/** An outcome resolved into what is written (a `written` one the processor wrote itself). */
type Unwritten<T extends StateMachineRow> =
  | { kind: 'transition'; to: string; changes: Changes<T> }
  | { kind: 'retry'; failures: number; delayMs: number; error: unknown }
  | { kind: 'leave'; delayMs: number }
  /** Attempts exhausted and nothing else decided: not due again until a transition moves it on. */
  | { kind: 'park'; failures: number; error: unknown };

/**
 * Runs the processor of a row this machine holds the lease of, and writes its outcome in one
 * statement that checks the version and the lease owner. Returns true when the row entered a
 * state whose work is due at once.
 */
export async function processRow<T extends StateMachineRow>(ctx: ProcessContext<T>, row: T): Promise<boolean> {
  const began = performance.now();
  const outcome = await runProcessor(ctx, row);
  let write = outcome.kind === 'retry' ? await onFailure(ctx, row, outcome.error) : outcome;
  let written: boolean;
  try {
    written = write.kind === 'written' ? write.written : await writeOutcome(ctx, row, write);
  } catch (error) {
    // The transition's own write failed (a constraint, a bad value): state and changes stay as
    // they were, and this counts as a failed attempt.
    if (write.kind !== 'transition') throw error;
    ctx.logger.warn({ err: error, machine: ctx.machine, id: row.id, state: row.state, to: write.to }, 'could not write transition; retrying the state');
    write = await onFailure(ctx, row, error);
    try {
      written = await writeOutcome(ctx, row, write);
    } catch (again) {
      if (write.kind !== 'transition') throw again;
      write = { kind: 'park', failures: row.stateCount + 1, error: again };
      written = await writeOutcome(ctx, row, write);
    }
  }
  if (!written) {
    ctx.metrics.lost(row.state);
    ctx.logger.warn(
      { machine: ctx.machine, id: row.id, state: row.state },
      'outcome not written: the row changed or its lease was taken over meanwhile (processing took longer than leaseMs?)',
    );
    return false;
  }
  ctx.metrics.processed(row.state, (performance.now() - began) / 1000);
  if (write.kind === 'retry') ctx.metrics.retried(row.state);
  return (write.kind === 'transition' || write.kind === 'written') && Object.hasOwn(ctx.processors, write.to);
}

async function runProcessor<T extends StateMachineRow>(ctx: ProcessContext<T>, row: T): Promise<Outcome<T>> {
  const processor = ctx.processors[row.state]!;
  try {
    const writeIn = (em: EntityManager, to: string, changes: Changes<T>) => writeOutcome(ctx, row, { kind: 'transition', to, changes }, em);
    const outcome = await processor(row, createStep<T>(row.stateCount + 1, writeIn));
    if (isOutcome(outcome)) return outcome;
    throw new TypeError(`the processor of state ${row.state} returned no outcome: return step.transition(), step.retry() or step.leave()`);
  } catch (error) {
    return { kind: 'retry', error };
  }
}

async function onFailure<T extends StateMachineRow>(ctx: ProcessContext<T>, row: T, error: unknown): Promise<Unwritten<T>> {
  const failures = row.stateCount + 1;
  const log = { err: error, machine: ctx.machine, id: row.id, state: row.state, attempt: failures };
  if (failures < ctx.retry.maxAttempts) {
    const delayMs = retryDelay(ctx.retry, failures);
    ctx.logger.info({ ...log, delayMs }, 'attempt failed; retrying later');
    return { kind: 'retry', failures, delayMs, error };
  }
  ctx.metrics.exhausted(row.state);
  ctx.logger.warn(log, 'retries exhausted');
  const park: Unwritten<T> = { kind: 'park', failures, error };
  if (!ctx.onRetriesExhausted) return park;
  try {
    const decided = await ctx.onRetriesExhausted(row, error, createStep<T>(failures));
    if (isOutcome(decided) && decided.kind !== 'retry' && decided.kind !== 'written') return decided;
    ctx.logger.error({ machine: ctx.machine, id: row.id, state: row.state }, 'onRetriesExhausted returned no transition or leave: row parked');
  } catch (failure) {
    ctx.logger.error({ err: failure, machine: ctx.machine, id: row.id, state: row.state }, 'onRetriesExhausted failed: row parked');
  }
  return park;
}

/** `UPDATE … WHERE id = ? AND version = ? AND lease_owner = ?`, in `em`'s transaction when given. */
async function writeOutcome<T extends StateMachineRow>(ctx: ProcessContext<T>, row: T, write: Unwritten<T>, em?: EntityManager): Promise<boolean> {
  const now = new Date();
  const later = (ms: number) => new Date(now.getTime() + ms);
  const data =
    write.kind === 'transition'
      ? { ...write.changes, ...enteringState(write.to, Object.hasOwn(ctx.processors, write.to), now) }
      : write.kind === 'retry'
        ? { stateCount: write.failures, nextAttemptAt: later(write.delayMs) }
        : write.kind === 'leave'
          ? { nextAttemptAt: later(write.delayMs) }
          : { stateCount: write.failures, nextAttemptAt: null };
  const c = ctx.table.column;
  const result = await ctx.db
    .kysely(em)
    .updateTable(ctx.table.table)
    .set(ctx.table.toColumns({ ...data, ...NO_LEASE, version: row.version + 1 }))
    .where(c.id, '=', row.id)
    .where(c.version, '=', row.version)
    .where(c.leaseOwner, '=', ctx.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
