import type { Agreement, ContractNegotiationState, MessageOffer } from '@tdss/json-ld';
import { validateDsp } from '@tdss/json-ld';
import { TdssError } from '@tdss/sdk';
import type { ContractNegotiation, ContractNegotiationRow } from './contract-negotiation.ts';
import type { NegotiationDecision } from './negotiation-decision.ts';
import type { NegotiationState } from './negotiation-states.ts';
import { agreementOf } from './negotiation-terms.ts';

/** The columns a transition of a negotiation may write besides its state. */
export type NegotiationChanges = Partial<
  Pick<ContractNegotiationRow, 'correlationId' | 'assetId' | 'offer' | 'protocolState' | 'agreementId' | 'agreement' | 'errorDetail' | 'terminationReason'>
>;

export interface Outcome {
  to: NegotiationState;
  changes: NegotiationChanges;
}

export interface OutcomeContext {
  /** Our participant id (the agreement's assigner when we are the provider). */
  participantId: string;
  /** The provider's own offer when a decision to offer names none. */
  providerOffer(negotiation: ContractNegotiation): Promise<MessageOffer>;
}

/** Where a decision taken at `point` leads, and what it writes on the way. */
export async function outcomeOf(negotiation: ContractNegotiation, point: ContractNegotiationState, decision: NegotiationDecision, ctx: OutcomeContext): Promise<Outcome> {
  switch (decision.kind) {
    case 'wait':
      return { to: point, changes: {} };
    case 'terminate': {
      const detail = decision.detail ?? decision.reason ?? `terminated by the ${negotiation.role.toLowerCase()}`;
      return { to: 'TERMINATING', changes: { terminationReason: decision.reason ?? null, errorDetail: detail } };
    }
    case 'agree': {
      const agreement: Agreement = agreementOf(negotiation.offer, negotiation.offer.target ?? negotiation.assetId, {
        providerId: ctx.participantId,
        consumerId: negotiation.counterpartyId,
      });
      return { to: 'AGREEING', changes: { agreement, agreementId: agreement['@id'] } };
    }
    case 'offer': {
      const offer = checkedOffer(decision.offer ?? (await ctx.providerOffer(negotiation)));
      return { to: 'OFFERING', changes: { offer, assetId: offer.target! } };
    }
    case 'request': {
      const offer = checkedOffer(decision.offer ?? negotiation.offer);
      return { to: 'REQUESTING', changes: { offer, assetId: offer.target! } };
    }
    case 'finalize':
      return { to: 'FINALIZING', changes: {} };
    case 'accept':
      return { to: 'ACCEPTING', changes: {} };
    case 'verify':
      return { to: 'VERIFYING', changes: {} };
  }
}

/** An offer a decision names must be one DSP can carry: with an @id, a target and rules without one. */
function checkedOffer(offer: MessageOffer): MessageOffer {
  const problems = validateDsp('ContractOfferMessage', {
    '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
    '@type': 'ContractOfferMessage',
    providerPid: 'urn:tdss:check',
    consumerPid: 'urn:tdss:check',
    offer,
  });
  if (problems.length > 0 || typeof offer.target !== 'string') {
    throw new TdssError(`a negotiation decision named an offer that DSP cannot carry: ${problems.map((p) => `offer${p.path.replace(/^\/offer/, '')} ${p.message}`).join('; ') || 'offer: target is required'}`, {
      code: 'NEGOTIATION_INVALID_OFFER',
      plugin: '@tdss/control-plane',
      hint: 'give the offer an @id, "@type": "Offer", a target (the dataset id) and rules without targets, in compact DSP 2025-1',
    });
  }
  return offer;
}
