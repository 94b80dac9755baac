import { randomUUID } from 'node:crypto';
import type { MessageOffer } from '@tdss/json-ld';
import { formatContractOfferId } from '../catalog/contract-offer-id.ts';
import type { ProviderServices } from './negotiation-services.ts';
import { resolveOffer } from './resolve-offer.ts';

/**
 * The offer a provider makes when it answers a request with an offer of its own: the catalog's
 * offer of the requested asset under its contract definition, as the catalog shows it now. A
 * request for something the catalog does not know is answered with its own terms under a new id.
 */
export async function providerOffer(services: ProviderServices, participantContextId: string, participantId: string, latest: MessageOffer): Promise<MessageOffer> {
  const resolved = await resolveOffer(services, participantContextId, latest);
  if (resolved.known) {
    const compiled = services.compiled.compile(await services.policyDefinitions().get(participantContextId, resolved.definition.contractPolicyId));
    if (compiled.ok && compiled.offer) {
      const id = formatContractOfferId({ contractDefinitionId: resolved.definition.id, assetId: resolved.assetId, nonce: compiled.offer.nonce });
      return { '@id': id, '@type': 'Offer', target: resolved.assetId, assigner: participantId, ...compiled.offer.terms } as MessageOffer;
    }
  }
  return { ...latest, '@id': `urn:uuid:${randomUUID()}`, assigner: participantId } as MessageOffer;
}
