import type { EntityManager } from '@mikro-orm/core';
import { problems } from '@tdss/sdk';
import type { Changes, Claim, StateMachine } from '@tdss/state-machine';
import type { TransferProcessRow } from './transfer-process.ts';
import type { TransferProcessState } from './transfer-states.ts';

export interface Transitioned {
  row: TransferProcessRow;
  /** The new state has work: kick the row once the transaction has committed. */
  due: boolean;
  /** The lease taken with the transition: run it (instead of a kick) once the transaction has committed. */
  claim?: Claim;
}

/** After the commit: the work of the new state runs at once, on this instance. */
export function startTransitioned(machine: StateMachine<TransferProcessRow>, outcome: Transitioned): void {
  if (outcome.claim) void machine.run(outcome.claim);
  else if (outcome.due) void machine.kick(outcome.row.id);
}

/**
 * Writes a transition decided on `row` as read for update (find-transfer-process.ts), inside the
 * caller's transaction. The row cannot have moved on PostgreSQL; should it have all the same (a
 * dialect without row locks), the caller is asked to send again rather than act on a stale state.
 */
export async function transitionTransferProcess(
  machine: StateMachine<TransferProcessRow>,
  em: EntityManager,
  row: TransferProcessRow,
  to: TransferProcessState,
  changes: Changes<TransferProcessRow> = {},
): Promise<Transitioned> {
  const result = await machine.apply(em, { id: row.id, tenantId: row.tenantId, from: [row.state], to, changes, claim: true });
  if (result.result !== 'applied') throw problems.conflict(`transfer process ${row.id} changed while it was being moved to ${to}; try again`);
  return { row: result.row, due: result.due, ...(result.claim ? { claim: result.claim } : {}) };
}
