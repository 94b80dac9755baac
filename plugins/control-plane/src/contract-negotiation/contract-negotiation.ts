/**
 * A contract negotiation as one side keeps it: a persisted state machine row (see
 * @tdss/state-machine) of one participant context, named by our own process id, which the
 * counterparty knows as our `providerPid` or `consumerPid`.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Agreement, ContractNegotiationState, MessageOffer } from '@tdss/json-ld';
import { stateMachineProperties } from '@tdss/state-machine';
import { dspStateOf, type NegotiationState } from './negotiation-states.ts';

export const NEGOTIATION_ROLES = ['CONSUMER', 'PROVIDER'] as const;
export type NegotiationRole = (typeof NEGOTIATION_ROLES)[number];

export const ContractNegotiationEntity = defineEntity({
  name: 'ControlPlaneContractNegotiation',
  tableName: 'cp_contract_negotiation',
  properties: {
    /** Our process id, `urn:uuid:…`. */
    id: p.string().primary(),
    tenantId: p.string(),
    role: p.string().$type<NegotiationRole>(),
    /** The counterparty's process id; unknown until it acknowledged the message that began the negotiation. */
    correlationId: p.string().nullable(),
    /** The counterparty's participant id, as its requests are verified. */
    counterpartyId: p.string(),
    /** Where its DSP endpoints are: the provider's DSP base, or the consumer's callback address. */
    counterpartyAddress: p.string(),
    /** The dataset (our asset, when we are the provider) the latest offer targets. */
    assetId: p.string(),
    /** The latest offer, compact DSP 2025-1. */
    offer: p.json<MessageOffer>(),
    /**
     * The last DSP state both sides have acknowledged; null before the first. A pending state
     * moves from it, so it tells which messages of the counterparty still fit and which repeat.
     */
    protocolState: p.string().$type<ContractNegotiationState>().nullable(),
    agreementId: p.string().nullable(),
    /** The agreement, compact DSP 2025-1, from the moment it is made (provider) or received (consumer). */
    agreement: p.json<Agreement>().nullable(),
    /** For the owner only: why the negotiation ended or failed, in full. */
    errorDetail: p.text().nullable(),
    /** What our termination message tells the counterparty (never the owner's detail). */
    terminationReason: p.text().nullable(),
    createdAt: p.datetime(),
    ...stateMachineProperties(),
    state: p.string().length(64).$type<NegotiationState>(),
  },
});

export type ContractNegotiationRow = InferEntity<typeof ContractNegotiationEntity>;

/** A negotiation as services and decisions see it. */
export interface ContractNegotiation {
  /** Our process id. */
  id: string;
  participantContextId: string;
  role: NegotiationRole;
  /** Our internal state (a DSP state, or a pending one whose message is on its way). */
  state: NegotiationState;
  /** What the counterparty is told: the DSP state the negotiation is in or moving to. */
  dspState: ContractNegotiationState;
  /** The counterparty's process id, once known. */
  correlationId: string | null;
  counterpartyId: string;
  counterpartyAddress: string;
  assetId: string;
  /** The latest offer. */
  offer: MessageOffer;
  agreementId: string | null;
  agreement: Agreement | null;
  errorDetail: string | null;
  createdAt: Date;
}

export function toContractNegotiation(row: ContractNegotiationRow): ContractNegotiation {
  return {
    id: row.id,
    participantContextId: row.tenantId,
    role: row.role,
    state: row.state,
    dspState: dspStateOf(row.state),
    correlationId: row.correlationId ?? null,
    counterpartyId: row.counterpartyId,
    counterpartyAddress: row.counterpartyAddress,
    assetId: row.assetId,
    offer: row.offer,
    agreementId: row.agreementId ?? null,
    agreement: row.agreement ?? null,
    errorDetail: row.errorDetail ?? null,
    createdAt: row.createdAt,
  };
}

/** The management API's shape (EDC's ContractNegotiation, with TDSS's names). */
export function toContractNegotiationJson(negotiation: ContractNegotiation) {
  return {
    '@id': negotiation.id,
    '@type': 'ContractNegotiation',
    role: negotiation.role,
    state: negotiation.state,
    dspState: negotiation.dspState,
    protocol: 'dataspace-protocol-http:2025-1',
    counterpartyId: negotiation.counterpartyId,
    counterpartyAddress: negotiation.counterpartyAddress,
    correlationId: negotiation.correlationId,
    assetId: negotiation.assetId,
    offer: negotiation.offer,
    contractAgreementId: negotiation.agreementId,
    errorDetail: negotiation.errorDetail,
    createdAt: negotiation.createdAt.getTime(),
  };
}
