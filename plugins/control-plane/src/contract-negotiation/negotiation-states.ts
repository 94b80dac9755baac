/**
 * The states a contract negotiation row goes through, on either side, and how each shows in DSP.
 *
 * The seven DSP states wait for the counterparty, for a decision of ours, or for nothing
 * (FINALIZED, TERMINATED). Every other state is pending: its processor sends the message that
 * leads to the DSP state it is named after (AGREEING sends the agreement and enters AGREED once
 * the consumer acknowledged it), as EDC's ContractNegotiationStates do.
 */
import type { ContractNegotiationState } from '@tdss/json-ld';

const PENDING_STATES = ['REQUESTING', 'OFFERING', 'ACCEPTING', 'AGREEING', 'VERIFYING', 'FINALIZING', 'TERMINATING'] as const;
export type PendingState = (typeof PENDING_STATES)[number];
export type NegotiationState = ContractNegotiationState | PendingState;

export const NEGOTIATION_STATES: readonly NegotiationState[] = [
  'REQUESTING',
  'REQUESTED',
  'OFFERING',
  'OFFERED',
  'ACCEPTING',
  'ACCEPTED',
  'AGREEING',
  'AGREED',
  'VERIFYING',
  'VERIFIED',
  'FINALIZING',
  'FINALIZED',
  'TERMINATING',
  'TERMINATED',
];

/** The DSP state each pending state's message leads to. */
const TARGET: Readonly<Record<PendingState, ContractNegotiationState>> = {
  REQUESTING: 'REQUESTED',
  OFFERING: 'OFFERED',
  ACCEPTING: 'ACCEPTED',
  AGREEING: 'AGREED',
  VERIFYING: 'VERIFIED',
  FINALIZING: 'FINALIZED',
  TERMINATING: 'TERMINATED',
};

export function isNegotiationState(value: string): value is NegotiationState {
  return (NEGOTIATION_STATES as readonly string[]).includes(value);
}

export function isPending(state: NegotiationState): state is PendingState {
  return Object.hasOwn(TARGET, state);
}

export function targetOf(state: PendingState): ContractNegotiationState {
  return TARGET[state];
}

/**
 * What `GET /negotiations/:pid` answers: the DSP state the row is in or moving to. A pending state
 * shows the state its message leads to, as EDC shows it: a counterparty that already handled our
 * message and asks for the state sees the one it moved to, while our acknowledgement is written.
 */
export function dspStateOf(state: NegotiationState): ContractNegotiationState {
  return isPending(state) ? TARGET[state] : state;
}

/** FINALIZED and TERMINATED: "Terminal states are final; the state machine MUST NOT transition to another state." */
export function isFinal(state: NegotiationState): boolean {
  return state === 'FINALIZED' || state === 'TERMINATED';
}
