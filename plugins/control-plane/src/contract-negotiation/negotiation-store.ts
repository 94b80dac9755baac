import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ContractNegotiationState } from '@tdss/json-ld';
import type { VerifiedCounterparty } from '@tdss/sdk';
import type { Claim } from '@tdss/state-machine';
import { newProcessPid } from '../protocol/process-pid.ts';
import type { ParticipantContext } from '../tokens.ts';
import { type ContractNegotiationRow, type NegotiationRole, toContractNegotiation } from './contract-negotiation.ts';
import { type NegotiationChanges, outcomeOf } from './decision-outcome.ts';
import type { DecisionPoint } from './negotiation-decision.ts';
import type { NegotiationRuntime } from './negotiation-runtime.ts';
import type { NegotiationState } from './negotiation-states.ts';

export function findNegotiation(rt: NegotiationRuntime, participantContextId: string, id: string): Promise<ContractNegotiationRow | null> {
  return rt.machine().find({ id, tenantId: participantContextId });
}

/** The negotiation a counterparty's process began with us, if any. */
export function findByCorrelation(rt: NegotiationRuntime, participantContextId: string, role: NegotiationRole, counterpartyId: string, correlationId: string) {
  return rt.machine().find({ tenantId: participantContextId, role, counterpartyId, correlationId });
}

export interface NewNegotiation {
  role: NegotiationRole;
  correlationId: string | null;
  counterpartyId: string;
  counterpartyAddress: string;
  assetId: string;
  offer: ContractNegotiationRow['offer'];
}

/** Where a new negotiation starts: a pending state of ours, or a DSP state the counterparty's message reached. */
export type Start = { state: NegotiationState } | { reached: DecisionPoint; counterparty: VerifiedCounterparty };

/**
 * Creates a negotiation of a participant context. One the counterparty's message began is first
 * decided on, as any later message is. The same counterparty process beginning it again (its
 * answer was lost) gets the negotiation it began: `created` is false then.
 */
export async function createNegotiation(
  rt: NegotiationRuntime,
  participant: ParticipantContext,
  input: NewNegotiation,
  start: Start,
): Promise<{ row: ContractNegotiationRow; created: boolean }> {
  const fields = {
    id: newProcessPid(),
    tenantId: participant.id,
    ...input,
    protocolState: 'reached' in start ? start.reached : null,
    agreementId: null,
    agreement: null,
    errorDetail: null,
    terminationReason: null,
    createdAt: new Date(),
  };
  let state: NegotiationState;
  let changes: NegotiationChanges = {};
  if ('reached' in start) {
    const negotiation = toContractNegotiation({ ...fields, state: start.reached } as ContractNegotiationRow);
    const decision = await rt.decisions.decide({ point: start.reached, role: input.role, initial: true, negotiation, counterparty: start.counterparty });
    ({ to: state, changes } = await outcomeOf(negotiation, start.reached as ContractNegotiationState, decision, rt.outcomeContext(participant)));
  } else state = start.state;
  try {
    // One statement, which leases the row to this instance when its first state has work.
    const inserted = await rt.machine().insert(rt.db().em(), { ...fields, ...changes } as never, state, { claim: true });
    startApplied(rt, inserted);
    return { row: inserted.row, created: true };
  } catch (error) {
    const again = error instanceof UniqueConstraintViolationException && input.correlationId !== null
      ? await findByCorrelation(rt, participant.id, input.role, input.counterpartyId, input.correlationId)
      : null;
    if (again) return { row: again, created: false };
    throw error;
  }
}

/** After the commit: the work of the state entered runs at once, on this instance (its lease taken with the transition). */
export function startApplied(rt: NegotiationRuntime, result: { row: { id: string }; due: boolean; claim?: Claim }): void {
  if (result.claim) void rt.machine().run(result.claim);
  else if (result.due) void rt.machine().kick(result.row.id);
}
