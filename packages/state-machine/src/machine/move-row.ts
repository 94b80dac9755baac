import type { EntityManager } from '@mikro-orm/core';
import type { StateMachineRow } from '../model/state-machine-row.ts';
import type { TransitionRequest } from './apply-transition.ts';
import type { Claim } from './claim-due-rows.ts';
import { type TransitionWriteContext, writeTransition } from './write-transition.ts';

/** A transition by one conditional statement; with `claim`, the row is also leased to this instance. */
export type MoveRequest<T extends StateMachineRow> = TransitionRequest<T>;

export type MoveResult =
  | { result: 'applied'; due: boolean; claim?: Claim }
  | { result: 'duplicate' }
  | { result: 'refused'; state: string }
  | { result: 'not-found' };

export type MoveContext = TransitionWriteContext;

/**
 * `UPDATE … WHERE id = ? AND tenant = ? AND state IN (from)`: no read before, and one only when
 * nothing matched (to tell a repeat from a refusal). For callers that order their inputs
 * themselves — the workflow engine moves steps under their orchestration's lock — and need no row
 * back. Like `apply`, it ends a lease in progress (the processor's outcome is then refused).
 */
export async function moveRow<T extends StateMachineRow>(ctx: MoveContext, em: EntityManager, request: MoveRequest<T>): Promise<MoveResult> {
  const written = await writeTransition(ctx, em, request);
  if (written) return { result: 'applied', due: written.due, ...(written.claim ? { claim: written.claim } : {}) };
  const c = ctx.table.column;
  const current = await ctx.db
    .kysely(em)
    .selectFrom(ctx.table.table)
    .select(c.state)
    .where(c.id, '=', request.id)
    .where(c.tenantId, '=', request.tenantId)
    .executeTakeFirst();
  if (!current) return { result: 'not-found' };
  const state = String(current[c.state]);
  return state === request.to && request.version === undefined ? { result: 'duplicate' } : { result: 'refused', state };
}
