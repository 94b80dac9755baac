/**
 * Credential offers (DCP Credential Offer API, `POST <CredentialService>/offers` of the holder):
 * the issuer prompts a holder to request credentials, e.g. to reissue them before they expire or
 * after a key rotation (`reissue`), or after a key revocation (`proof-key-revocation`). Each
 * CredentialObject is the one the metadata lists, with the offer's reason. Sent at once: a holder
 * that cannot be reached or refuses is a 502 problem with its answer, and nothing is kept.
 */
import { ProblemError } from '@tdss/sdk';
import { DCP_CONTEXT } from '../../dcp/dcp-services.ts';
import { fieldProblem } from '../definitions/field-problem.ts';
import type { CredentialDefinition } from '../definitions/credential-definition.ts';
import { credentialObject } from '../issuer-metadata.ts';
import { issuerDid } from '../requests/issuer-did.ts';
import type { IssuerParts } from '../requests/issuer-parts.ts';
import { postToCredentialService } from '../requests/post-to-credential-service.ts';
import type { CredentialOfferMessage, NewCredentialOffer } from './credential-offer.ts';

export async function offerCredentials(parts: IssuerParts, participantId: string, offer: NewCredentialOffer): Promise<CredentialOfferMessage> {
  const { deps, definitions } = parts;
  const issuer = await issuerDid(deps, definitions, participantId);
  const offered: CredentialDefinition[] = [];
  for (const [index, id] of offer.definitionIds.entries()) {
    const definition = await definitions.find(participantId, id);
    if (!definition) throw fieldProblem(`definitionIds[${index}]`, `names no credential definition of participant ${participantId}`);
    offered.push(definition);
  }
  const message: CredentialOfferMessage = {
    '@context': [DCP_CONTEXT],
    type: 'CredentialOfferMessage',
    issuer,
    credentials: offered.map((definition) => credentialObject(deps, definition, offer.offerReason)),
  };
  try {
    await postToCredentialService(deps, { participantId, holderDid: offer.holderDid, path: '/offers', message });
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw new ProblemError(502, `the offer did not reach ${offer.holderDid}: ${error instanceof Error ? error.message : String(error)}`, { type: 'holder-unavailable', title: 'Bad Gateway' });
  }
  deps.dcp.logger.info({ participantId, holder: offer.holderDid, offerReason: offer.offerReason, definitionIds: offer.definitionIds }, 'credentials offered');
  return message;
}
