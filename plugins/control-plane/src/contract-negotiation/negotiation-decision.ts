/**
 * What a side does when the negotiation reaches a DSP state where it may act, and who decides:
 * plugins contribute deciders (a conformance harness scripts the connector per dataset id this
 * way), the tenant acts through the management API, and the defaults decide the rest.
 *
 * Who may do what, from the state machine of the DSP 2025-1 contract negotiation protocol:
 * the provider answers a request with an offer or an agreement (REQUESTED → OFFERED | AGREED), an
 * acceptance with an agreement (ACCEPTED → AGREED) and a verification with the finalization
 * (VERIFIED → FINALIZED); the consumer answers an offer with a request or an acceptance
 * (OFFERED → REQUESTED | ACCEPTED) and an agreement with its verification (AGREED → VERIFIED).
 * Termination is the provider's in REQUESTED, OFFERED, ACCEPTED and VERIFIED, the consumer's in
 * REQUESTED, OFFERED and AGREED.
 */
import type { ContractNegotiationState, MessageOffer } from '@tdss/json-ld';
import type { VerifiedCounterparty } from '@tdss/sdk';
import type { ContractNegotiation, NegotiationRole } from './contract-negotiation.ts';

export type NegotiationDecision =
  /** Do nothing now: the tenant (management API) or the counterparty moves on. */
  | { readonly kind: 'wait' }
  /**
   * End the negotiation. `reason` is sent to the counterparty, so it must not reveal the owner's
   * policy; `detail` is kept for the owner (the negotiation's errorDetail).
   */
  | { readonly kind: 'terminate'; readonly reason?: string; readonly detail?: string }
  /** Provider: agree to the latest offer (an agreement is made of it). */
  | { readonly kind: 'agree' }
  /** Provider: (counter-)offer; by default the catalog's offer of the requested asset. */
  | { readonly kind: 'offer'; readonly offer?: MessageOffer }
  /** Provider: finalize the verified agreement. */
  | { readonly kind: 'finalize' }
  /** Consumer: accept the provider's latest offer. */
  | { readonly kind: 'accept' }
  /** Consumer: counter-offer; by default the latest offer as it is. */
  | { readonly kind: 'request'; readonly offer?: MessageOffer }
  /** Consumer: verify the agreement. */
  | { readonly kind: 'verify' };

export type DecisionKind = NegotiationDecision['kind'];

/** The DSP states where one side or the other may act. */
export type DecisionPoint = Extract<ContractNegotiationState, 'REQUESTED' | 'OFFERED' | 'ACCEPTED' | 'AGREED' | 'VERIFIED'>;

const ALLOWED_DECISIONS: Readonly<Record<NegotiationRole, Partial<Record<ContractNegotiationState, readonly DecisionKind[]>>>> = {
  PROVIDER: {
    REQUESTED: ['agree', 'offer', 'terminate', 'wait'],
    OFFERED: ['terminate', 'wait'],
    ACCEPTED: ['agree', 'terminate', 'wait'],
    VERIFIED: ['finalize', 'terminate', 'wait'],
  },
  CONSUMER: {
    REQUESTED: ['terminate', 'wait'],
    OFFERED: ['accept', 'request', 'terminate', 'wait'],
    AGREED: ['verify', 'terminate', 'wait'],
  },
};

/** The decisions a side may take in a DSP state; empty where only the counterparty may act. */
export function allowedDecisions(role: NegotiationRole, state: ContractNegotiationState): readonly DecisionKind[] {
  return ALLOWED_DECISIONS[role][state] ?? [];
}

export interface DecisionSituation {
  /** The DSP state the negotiation just reached. */
  readonly point: DecisionPoint;
  readonly role: NegotiationRole;
  /** True when the message that led here began the negotiation (an initial request or offer). */
  readonly initial: boolean;
  /** The negotiation as it is once the message that led here is applied (latest offer, agreement). */
  readonly negotiation: ContractNegotiation;
  /** The latest offer before the one that led here, when a request or offer led here. */
  readonly previousOffer?: MessageOffer;
  /** The verified counterparty, when a message of the counterparty led here. */
  readonly counterparty?: VerifiedCounterparty;
}

/**
 * Contributed to `NegotiationDecisions`. Deciders are asked in contribution order; the first that
 * returns a decision decides, and when none does the defaults of the control plane decide (see its
 * README). A decision the role may not take at that point fails the request or processing step
 * that asked, naming the decider.
 */
export interface NegotiationDecider {
  /** Names the decider in logs and errors. */
  readonly name: string;
  decide(situation: DecisionSituation): NegotiationDecision | undefined | Promise<NegotiationDecision | undefined>;
}
