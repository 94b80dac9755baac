import { type EntityData, type EntityManager, type EntitySchema, type FilterQuery, LockMode } from '@mikro-orm/core';
import { type Database, problems } from '@tdss/sdk';
import type { StateMachineRow } from '../model/state-machine-row.ts';
import { enteringState, NO_LEASE } from './engine-data.ts';
import { type Changes, checkChanges } from './outcome.ts';

/** A transition asked for by an input (a peer's message, an API call), not by a processor. */
export interface TransitionRequest<T extends StateMachineRow> {
  id: string;
  /** The tenant the input was addressed to: another tenant's row is `not-found`. */
  tenantId: string;
  /** States the transition is allowed from; from any other it is refused. */
  from: readonly string[];
  to: string;
  changes?: Changes<T>;
}

export type TransitionResult<T extends StateMachineRow> =
  /** Written; when `due`, kick the row once the transaction has committed. */
  | { result: 'applied'; row: T; due: boolean }
  /** Already in the target state: a repeated input. Nothing was written. */
  | { result: 'duplicate'; row: T }
  /** The current state does not allow it (an input out of order). Nothing was written. */
  | { result: 'refused'; state: string; row: T }
  | { result: 'not-found' };

export interface ApplyContext<T extends StateMachineRow> {
  readonly machine: string;
  readonly db: Database;
  readonly entity: EntitySchema<T, any>;
  hasProcessor(state: string): boolean;
}

/** Rounds of read-and-write before giving up when the row keeps changing under us. */
const ATTEMPTS = 5;

/**
 * Applies a transition inside the caller's unit of work (pass the `em` of `db.transactional` so
 * it commits with the caller's own writes). The row is read with a write lock on PostgreSQL
 * inside a transaction and written only at the version read, so concurrent inputs and claims
 * serialize and a repeated or out-of-order input changes nothing. A lease in progress is
 * broken: the processor holding it finds its own outcome refused.
 */
export async function applyTransition<T extends StateMachineRow>(
  ctx: ApplyContext<T>,
  em: EntityManager,
  request: TransitionRequest<T>,
): Promise<TransitionResult<T>> {
  const changes = checkChanges(request.changes ?? ({} as Changes<T>));
  const lock = ctx.db.dialect === 'postgresql' && em.isInTransaction() ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  for (let round = 0; round < ATTEMPTS; round++) {
    const row = (await em.findOne(ctx.entity, { id: request.id, tenantId: request.tenantId } as FilterQuery<T>, {
      ...lock,
      refresh: true,
    })) as T | null;
    if (!row) return { result: 'not-found' };
    if (row.state === request.to) return { result: 'duplicate', row };
    if (!request.from.includes(row.state)) return { result: 'refused', state: row.state, row };
    const due = ctx.hasProcessor(request.to);
    const data = { ...changes, ...enteringState(request.to, due, new Date()), ...NO_LEASE, version: row.version + 1 };
    const written = await em.nativeUpdate(ctx.entity, { id: row.id, version: row.version } as FilterQuery<T>, data as EntityData<T>);
    if (written === 1) {
      const fresh = (await em.findOne(ctx.entity, { id: row.id } as FilterQuery<T>, { refresh: true })) as T;
      return { result: 'applied', row: fresh, due };
    }
  }
  // Only without a transaction (no row lock) can the row change between every read and write.
  throw problems.conflict(`process ${request.id} changed while ${request.to} was being applied; send the message again`);
}
