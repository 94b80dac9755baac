import type { EntityManager } from '@mikro-orm/core';
import type { Database } from '@tdss/sdk';
import { sql } from 'kysely';
import type { StateMachineRow } from '../model/state-machine-row.ts';
import type { Claim } from './claim-due-rows.ts';
import { enteringState, NO_LEASE } from './engine-data.ts';
import type { MachineTable } from './machine-table.ts';
import { type Changes, checkChanges } from './outcome.ts';

export interface TransitionWriteContext {
  readonly db: Database;
  readonly table: MachineTable;
  readonly owner: string;
  readonly leaseMs: number;
  hasProcessor(state: string): boolean;
  /** False once the machine stops: nothing new is claimed. */
  running(): boolean;
}

export interface TransitionWrite<T extends StateMachineRow> {
  id: string;
  tenantId: string;
  from: readonly string[];
  to: string;
  changes?: Changes<T> | undefined;
  /** Lease the row to this instance in the same statement when it enters a state with a processor. */
  claim?: boolean | undefined;
  /** Leave a row that is in `to` already as it is (a repeated input) even when `from` names `to`. */
  notInTarget?: boolean;
  /** Write only the row at this version. */
  version?: number | undefined;
}

export interface WrittenTransition {
  /** The row as written (columns, not properties). */
  raw: Record<string, unknown>;
  due: boolean;
  claim?: Claim;
}

/**
 * `UPDATE … WHERE id = ? AND tenant = ? AND state IN (from) RETURNING *`: the transition, its
 * changes, the due-ness of what follows and (with `claim`) the lease in one statement, with no
 * read before it. PostgreSQL re-checks the condition on a row a concurrent writer changed, so
 * two inputs racing for one row cannot both apply. Undefined when the row did not match.
 */
export async function writeTransition<T extends StateMachineRow>(ctx: TransitionWriteContext, em: EntityManager | undefined, request: TransitionWrite<T>): Promise<WrittenTransition | undefined> {
  const { db, table } = ctx;
  const c = table.column;
  const now = new Date();
  const due = ctx.hasProcessor(request.to);
  const claim = due && request.claim === true && ctx.running();
  const lease = claim ? { leaseOwner: ctx.owner, leaseExpiresAt: new Date(now.getTime() + ctx.leaseMs) } : NO_LEASE;
  let update = db
    .kysely(em)
    .updateTable(table.table)
    .set({
      ...table.toColumns({ ...checkChanges(request.changes ?? {}), ...enteringState(request.to, due, now), ...lease }),
      [c.version]: sql`${sql.ref(c.version)} + 1`,
    })
    .where(c.id, '=', request.id)
    .where(c.tenantId, '=', request.tenantId)
    .where(c.state, 'in', [...request.from]);
  if (request.version !== undefined) update = update.where(c.version, '=', request.version);
  else if (request.notInTarget) update = update.where(c.state, '!=', request.to);
  const raw = (await update.returningAll().execute())[0];
  if (!raw) return undefined;
  return { raw, due, ...(claim ? { claim: { id: String(raw[c.id]), version: Number(raw[c.version]), raw } } : {}) };
}
