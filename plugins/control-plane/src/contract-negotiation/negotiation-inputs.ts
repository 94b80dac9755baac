/**
 * Which messages of the counterparty a negotiation of ours takes in which state, from the state
 * machine of the DSP 2025-1 contract negotiation protocol (contract.negotiation.state.machine.puml):
 *
 *   [*] → REQUESTED (C), REQUESTED → OFFERED | AGREED (P), REQUESTED → TERMINATED (C/P),
 *   [*] → OFFERED (P), OFFERED → REQUESTED | ACCEPTED (C), OFFERED → TERMINATED (C/P),
 *   ACCEPTED → AGREED | TERMINATED (P), AGREED → VERIFIED | TERMINATED (C),
 *   VERIFIED → FINALIZED | TERMINATED (P); FINALIZED and TERMINATED are final.
 *
 * A message that repeats the one that led to the current state is a duplicate (answered, nothing
 * changes), except requests and offers: each is a new proposal, and REQUESTED → REQUESTED and
 * OFFERED → OFFERED are not transitions of the protocol.
 */
import type { ContractNegotiationState } from '@tdss/json-ld';
import type { ContractNegotiationRow, NegotiationRole } from './contract-negotiation.ts';
import { dspStateOf, isFinal, isPending, targetOf } from './negotiation-states.ts';

const INPUT_KINDS = ['request', 'offer', 'accepted', 'agreement', 'verification', 'finalized', 'termination'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

interface InputRule {
  /** In messages, e.g. `a ContractRequestMessage`. */
  readonly name: string;
  /** The role of the negotiation that receives it (the sender is the other). */
  readonly receiver: NegotiationRole | 'either';
  readonly result: ContractNegotiationState;
  /** The DSP states it may arrive in, by the role of the negotiation that receives it. */
  readonly from: Readonly<Record<NegotiationRole, readonly ContractNegotiationState[]>>;
  readonly repeatable: boolean;
}

const none: readonly ContractNegotiationState[] = [];

export const INPUT_RULES: Readonly<Record<InputKind, InputRule>> = {
  request: { name: 'a ContractRequestMessage', receiver: 'PROVIDER', result: 'REQUESTED', from: { PROVIDER: ['OFFERED'], CONSUMER: none }, repeatable: false },
  offer: { name: 'a ContractOfferMessage', receiver: 'CONSUMER', result: 'OFFERED', from: { PROVIDER: none, CONSUMER: ['REQUESTED'] }, repeatable: false },
  accepted: { name: 'an ACCEPTED event', receiver: 'PROVIDER', result: 'ACCEPTED', from: { PROVIDER: ['OFFERED'], CONSUMER: none }, repeatable: true },
  agreement: { name: 'a ContractAgreementMessage', receiver: 'CONSUMER', result: 'AGREED', from: { PROVIDER: none, CONSUMER: ['REQUESTED', 'ACCEPTED'] }, repeatable: true },
  verification: { name: 'a ContractAgreementVerificationMessage', receiver: 'PROVIDER', result: 'VERIFIED', from: { PROVIDER: ['AGREED'], CONSUMER: none }, repeatable: true },
  finalized: { name: 'a FINALIZED event', receiver: 'CONSUMER', result: 'FINALIZED', from: { PROVIDER: none, CONSUMER: ['VERIFIED'] }, repeatable: true },
  termination: {
    name: 'a ContractNegotiationTerminationMessage',
    receiver: 'either',
    result: 'TERMINATED',
    // The consumer terminates in REQUESTED, OFFERED and AGREED; the provider in REQUESTED, OFFERED, ACCEPTED and VERIFIED.
    from: { PROVIDER: ['REQUESTED', 'OFFERED', 'AGREED'], CONSUMER: ['REQUESTED', 'OFFERED', 'ACCEPTED', 'VERIFIED'] },
    repeatable: true,
  },
};

export type InputVerdict = { kind: 'apply' } | { kind: 'duplicate' } | { kind: 'refused'; reason: string };

type JudgedRow = Pick<ContractNegotiationRow, 'role' | 'state' | 'protocolState'>;

/**
 * What a counterparty's message does to a negotiation of ours. `repeats` says whether the message
 * carries what the current state was reached with (the same agreement, for an agreement).
 */
export function judgeInput(row: JudgedRow, kind: InputKind, repeats = true): InputVerdict {
  const rule = INPUT_RULES[kind];
  const shown = dspStateOf(row.state);
  if (rule.receiver !== 'either' && rule.receiver !== row.role) {
    return { kind: 'refused', reason: `${rule.name} is for the ${rule.receiver.toLowerCase()}, and this side is the ${row.role.toLowerCase()}` };
  }
  if (rule.repeatable && repeats && row.protocolState === rule.result) return { kind: 'duplicate' };
  const refused = { kind: 'refused', reason: `${rule.name} cannot be applied to a negotiation in state ${shown}` } as const;
  // Once we decided to terminate, only the counterparty's own termination still matters.
  if (row.state === 'TERMINATING') return kind === 'termination' ? { kind: 'apply' } : refused;
  if (isFinal(row.state)) return refused;
  return seenAs(row).some((state) => rule.from[row.role].includes(state)) ? { kind: 'apply' } : refused;
}

/**
 * The DSP states the counterparty may believe the negotiation is in. While a message of ours is on
 * its way, it may still see the state we left, or already the one our message leads to (its
 * answer, or its next message, reaches us before our acknowledgement is written).
 */
function seenAs(row: JudgedRow): ContractNegotiationState[] {
  if (!isPending(row.state)) return [row.state];
  return row.protocolState ? [row.protocolState, targetOf(row.state)] : [targetOf(row.state)];
}
