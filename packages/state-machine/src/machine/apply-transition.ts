import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import { problems } from '@tdss/sdk';
import type { StateMachineRow } from '../model/state-machine-row.ts';
import type { Claim } from './claim-due-rows.ts';
import type { Changes } from './outcome.ts';
import { findRow } from './find-row.ts';
import { mapRow } from './map-row.ts';
import { type TransitionWriteContext, writeTransition } from './write-transition.ts';

/** A transition asked for by an input (a peer's message, an API call), not by a processor. */
export interface TransitionRequest<T extends StateMachineRow> {
  id: string;
  /** The tenant the input was addressed to: another tenant's row is `not-found`. */
  tenantId: string;
  /** States the transition is allowed from; from any other it is refused. */
  from: readonly string[];
  to: string;
  changes?: Changes<T>;
  /**
   * Lease the row to this machine instance in the same statement when it enters a state with a
   * processor (and the machine is running): the result then carries a `claim` to hand to `run()`
   * after the commit, instead of a `kick` that would claim the row with a statement of its own.
   */
  claim?: boolean;
  /**
   * The version of the row the caller read and judged the input against. The transition is then
   * written only to that row as it was: a row that changed meanwhile is `refused` (judge the input
   * again against the row it carries), and a row in `to` already is re-entered, not taken for a
   * repeat: the caller told a repeat apart itself. Without it, a row in `to` is a `duplicate`.
   */
  version?: number;
}

export type TransitionResult<T extends StateMachineRow> =
  /** Written; when `due`, run the `claim` (or, without one, kick the row) once the transaction has committed. */
  | { result: 'applied'; row: T; due: boolean; claim?: Claim }
  /** Already in the target state: a repeated input. Nothing was written. */
  | { result: 'duplicate'; row: T }
  /** The current state does not allow it (an input out of order). Nothing was written. */
  | { result: 'refused'; state: string; row: T }
  | { result: 'not-found' };

export interface ApplyContext<T extends StateMachineRow> extends TransitionWriteContext {
  readonly entity: EntitySchema<T, any>;
}

/** Rounds of writing and reading before giving up when the row keeps changing under us. */
const ROUNDS = 5;

/**
 * Applies a transition inside the caller's unit of work (pass the `em` of `db.transactional` so
 * it commits with the caller's own writes) by one conditional `UPDATE … RETURNING`: it is written
 * only from an allowed state and not when the row is in the target state already, so concurrent
 * inputs and claims serialize on the row and a repeated or out-of-order input changes nothing.
 * The row is read only when nothing matched, to say why. A lease in progress is broken: the
 * processor holding it finds its own outcome refused.
 */
export async function applyTransition<T extends StateMachineRow>(
  ctx: ApplyContext<T>,
  em: EntityManager,
  request: TransitionRequest<T>,
  round = 1,
): Promise<TransitionResult<T>> {
  const written = await writeTransition(ctx, em, { ...request, notInTarget: true });
  if (written) {
    const row = mapRow(ctx, written.raw, em);
    return { result: 'applied', row, due: written.due, ...(written.claim ? { claim: written.claim } : {}) };
  }
  const row = await findRow(ctx, { id: request.id, tenantId: request.tenantId }, em);
  if (!row) return { result: 'not-found' };
  if (request.version !== undefined) return { result: 'refused', state: row.state, row };
  if (row.state === request.to) return { result: 'duplicate', row };
  if (!request.from.includes(row.state)) return { result: 'refused', state: row.state, row };
  // The row moved into an allowed state between the update and this read (a concurrent writer):
  // try again, a few rounds at most.
  if (round >= ROUNDS) throw problems.conflict(`process ${request.id} changed while ${request.to} was being applied; send the message again`);
  return applyTransition(ctx, em, request, round + 1);
}
