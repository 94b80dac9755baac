import type { EntityManager } from '@mikro-orm/core';
import type { Database } from '@tdss/sdk';
import { sql } from 'kysely';
import type { StateMachineRow } from '../model/state-machine-row.ts';
import type { TransitionRequest } from './apply-transition.ts';
import type { Claim } from './claim-due-rows.ts';
import type { MachineTable } from './machine-table.ts';
import { checkChanges } from './outcome.ts';

/** A transition by one conditional statement; with `claim`, the row is also leased to this instance. */
export interface MoveRequest<T extends StateMachineRow> extends TransitionRequest<T> {
  /**
   * Lease the row to this machine instance in the same statement when it enters a state with a
   * processor (and the machine is running): hand the claim to `run()` after the commit, and the
   * processor runs at once, without a claim or a read of its own.
   */
  claim?: boolean;
}

export type MoveResult =
  | { result: 'applied'; due: boolean; claim?: Claim }
  | { result: 'duplicate' }
  | { result: 'refused'; state: string }
  | { result: 'not-found' };

export interface MoveContext {
  readonly db: Database;
  readonly table: MachineTable;
  readonly owner: string;
  readonly leaseMs: number;
  hasProcessor(state: string): boolean;
  /** False once the machine stops: nothing new is claimed. */
  running(): boolean;
}

/**
 * `UPDATE … WHERE id = ? AND tenant = ? AND state IN (from)`: no read before, and one only when
 * nothing matched (to tell a repeat from a refusal). For callers that order their inputs
 * themselves — the workflow engine moves steps under their orchestration's lock — and need no row
 * back. Like `apply`, it ends a lease in progress (the processor's outcome is then refused).
 */
export async function moveRow<T extends StateMachineRow>(ctx: MoveContext, em: EntityManager, request: MoveRequest<T>): Promise<MoveResult> {
  const { db, table } = ctx;
  const c = table.column;
  const postgres = db.dialect === 'postgresql';
  const time = (date: Date) => (postgres ? date : date.getTime());
  const now = new Date();
  const due = ctx.hasProcessor(request.to);
  const claim = due && request.claim === true && ctx.running();
  const values: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(checkChanges(request.changes ?? {}))) {
    const column = table.columnOf(property);
    if (!column) throw new TypeError(`${table.entityName} has no property ${property}`);
    values[column] = value instanceof Date ? time(value) : value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  }
  const k = db.kysely(em);
  const rows = await k
    .updateTable(table.table)
    .set({
      ...values,
      [c.state]: request.to,
      [c.stateCount]: 0,
      [c.stateTimestamp]: time(now),
      [c.nextAttemptAt]: due ? time(now) : null,
      [c.leaseOwner]: claim ? ctx.owner : null,
      [c.leaseExpiresAt]: claim ? time(new Date(now.getTime() + ctx.leaseMs)) : null,
      [c.version]: sql`${sql.ref(c.version)} + 1`,
    })
    .where(c.id, '=', request.id)
    .where(c.tenantId, '=', request.tenantId)
    .where(c.state, 'in', [...request.from])
    .returningAll()
    .execute();
  const row = rows[0];
  if (row) return { result: 'applied', due, ...(claim ? { claim: { id: String(row[c.id]), version: Number(row[c.version]), raw: row } } : {}) };
  const current = await k.selectFrom(table.table).select(c.state).where(c.id, '=', request.id).where(c.tenantId, '=', request.tenantId).executeTakeFirst();
  if (!current) return { result: 'not-found' };
  const state = String(current[c.state]);
  return state === request.to ? { result: 'duplicate' } : { result: 'refused', state };
}
