import type { DspDocument, DspErrorDetails } from './common.ts';
import type { Agreement, MessageOffer } from './policy.ts';

/** Contract negotiation protocol (negotiation/*-schema.json). */

/** contract-negotiation-schema.json state enum, in the schema's order. */
export const CONTRACT_NEGOTIATION_STATES = ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED'] as const;
export type ContractNegotiationState = (typeof CONTRACT_NEGOTIATION_STATES)[number];

/** contract-negotiation-event-message-schema.json eventType enum. */
export const CONTRACT_NEGOTIATION_EVENT_TYPES = ['ACCEPTED', 'FINALIZED'] as const;
export type ContractNegotiationEventType = (typeof CONTRACT_NEGOTIATION_EVENT_TYPES)[number];

/** Exactly one of `callbackAddress` (initial request) and `providerPid` (counter-request). */
export interface ContractRequestMessage extends DspDocument {
  '@type': 'ContractRequestMessage';
  consumerPid: string;
  providerPid?: string;
  offer: MessageOffer;
  callbackAddress?: string;
}

/** Exactly one of `callbackAddress` (initial offer) and `consumerPid` (counter-offer). */
export interface ContractOfferMessage extends DspDocument {
  '@type': 'ContractOfferMessage';
  providerPid: string;
  consumerPid?: string;
  offer: MessageOffer & { target: string };
  callbackAddress?: string;
}

export interface ContractAgreementMessage extends DspDocument {
  '@type': 'ContractAgreementMessage';
  providerPid: string;
  consumerPid: string;
  agreement: Agreement;
}

export interface ContractAgreementVerificationMessage extends DspDocument {
  '@type': 'ContractAgreementVerificationMessage';
  providerPid: string;
  consumerPid: string;
}

export interface ContractNegotiationEventMessage extends DspDocument {
  '@type': 'ContractNegotiationEventMessage';
  providerPid: string;
  consumerPid: string;
  eventType: ContractNegotiationEventType;
}

export interface ContractNegotiationTerminationMessage extends DspDocument, DspErrorDetails {
  '@type': 'ContractNegotiationTerminationMessage';
  providerPid: string;
  consumerPid: string;
}

export interface ContractNegotiation extends DspDocument {
  '@type': 'ContractNegotiation';
  providerPid: string;
  consumerPid: string;
  state: ContractNegotiationState;
}

export interface ContractNegotiationError extends DspDocument, DspErrorDetails {
  '@type': 'ContractNegotiationError';
  providerPid: string;
  consumerPid: string;
}
