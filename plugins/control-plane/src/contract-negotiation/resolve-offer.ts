/**
 * A provider reads the offer of a contract request back to what its catalog offered: the id names
 * the contract definition and the asset (`<contractDefinitionId>:<assetId>:<nonce>`), the asset
 * must be the offer's target and one the definition selects.
 */
import type { MessageOffer } from '@tdss/json-ld';
import { unlessNotFound } from '@tdss/sdk';
import { parseContractOfferId } from '../catalog/contract-offer-id.ts';
import type { Assets, ContractDefinition, ContractDefinitions } from '../tokens.ts';

export interface OfferServices {
  assets: () => Assets;
  contractDefinitions: () => ContractDefinitions;
}

export type ResolvedOffer = { known: true; definition: ContractDefinition; assetId: string } | { known: false; detail: string };

/**
 * A contract request's offer is resolved by the protocol route (to refuse an unknown one with a
 * 400) and again, moments later, by the default decider. Keyed by the offer object itself, the
 * second use takes the first's answer, and the memo goes with the message.
 */
const resolved = new WeakMap<MessageOffer, { participantContextId: string; answer: Promise<ResolvedOffer> }>();

export function resolveOffer(services: OfferServices, participantContextId: string, offer: MessageOffer): Promise<ResolvedOffer> {
  const known = resolved.get(offer);
  if (known?.participantContextId === participantContextId) return known.answer;
  const answer = resolveNow(services, participantContextId, offer);
  resolved.set(offer, { participantContextId, answer });
  answer.catch(() => resolved.delete(offer));
  return answer;
}

async function resolveNow(services: OfferServices, participantContextId: string, offer: MessageOffer): Promise<ResolvedOffer> {
  const id = parseContractOfferId(offer['@id']);
  if (!id) return { known: false, detail: `offer ${JSON.stringify(offer['@id'])} is not an offer id of this connector (<contractDefinitionId>:<assetId>:<nonce>)` };
  if (offer.target !== undefined && offer.target !== id.assetId) {
    return { known: false, detail: `the offer targets ${JSON.stringify(offer.target)} but its id names asset ${JSON.stringify(id.assetId)}` };
  }
  const definition = await unlessNotFound(services.contractDefinitions().get(participantContextId, id.contractDefinitionId));
  if (!definition) return { known: false, detail: `contract definition ${JSON.stringify(id.contractDefinitionId)} does not exist` };
  const selected = await services.assets().exists(participantContextId, [...definition.assetsSelector, { operandLeft: 'id', operator: '=', operandRight: id.assetId }]);
  if (!selected) {
    return { known: false, detail: `asset ${JSON.stringify(id.assetId)} does not exist or is not selected by contract definition ${JSON.stringify(definition.id)}` };
  }
  return { known: true, definition, assetId: id.assetId };
}
