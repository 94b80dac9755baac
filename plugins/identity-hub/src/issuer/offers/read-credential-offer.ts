/** The body of an offer to a holder; anything malformed is a 400 problem naming the member. */
import { objectBody } from '../../api/request-input.ts';
import { fieldProblem } from '../definitions/field-problem.ts';
import { OFFER_REASONS, type OfferReason } from '../issuer-metadata.ts';
import type { NewCredentialOffer } from './credential-offer.ts';

/** Credentials one offer may name, as one request may ask for. */
const MAX_CREDENTIALS = 32;

export function readCredentialOffer(input: unknown): NewCredentialOffer {
  const body = objectBody(input, ['holderDid', 'definitionIds', 'offerReason']);
  const { holderDid, definitionIds, offerReason = 'reissue' } = body;
  if (typeof holderDid !== 'string' || !/^did:[a-z0-9]+:\S+$/.test(holderDid) || holderDid.length > 2048) throw fieldProblem('holderDid', 'must be the holder DID');
  if (!Array.isArray(definitionIds) || definitionIds.length === 0 || definitionIds.length > MAX_CREDENTIALS || !definitionIds.every((id) => typeof id === 'string' && id.length > 0)) {
    throw fieldProblem('definitionIds', `must be a list of 1 to ${MAX_CREDENTIALS} credential definition ids`);
  }
  if (!OFFER_REASONS.includes(offerReason as OfferReason)) throw fieldProblem('offerReason', `must be one of ${OFFER_REASONS.join(', ')}`);
  return { holderDid, definitionIds: [...new Set(definitionIds as string[])], offerReason: offerReason as OfferReason };
}
