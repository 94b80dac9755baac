/**
 * The Credential Offer API (`POST <CredentialService>/offers`): an issuer tells the holder about
 * credentials it may request. The issuer authenticates as on the Storage API (a self-issued ID
 * token addressed to the holder), must be trusted in the holder's dataspace, and must be the
 * issuer the message names. The offer is recorded for the identity API.
 */
import { ProblemError, problems } from '@tdss/sdk';
import { type DcpServices, selfIssuedTokenRules } from '../dcp/dcp-services.ts';
import { bearerToken } from '../tokens/bearer-token.ts';
import { verifySelfIssuedToken } from '../tokens/verify-self-issued-token.ts';
import type { CredentialOffers } from './credential-offers.ts';
import { readCredentialOfferMessage } from './read-credential-offer-message.ts';

export async function receiveCredentialOffer(
  services: DcpServices & { offers: CredentialOffers },
  participantId: string,
  authorization: string | undefined,
  body: () => unknown,
): Promise<void> {
  const holder = (await services.dids.find(participantId))?.did;
  if (!holder) throw problems.notFound('no credential service is at this path');
  const { issuer } = await verifySelfIssuedToken(bearerToken(authorization), selfIssuedTokenRules(services, participantId, holder));
  if (!services.trust.forParticipant(participantId)?.knowsIssuer(issuer)) {
    throw new ProblemError(403, `${issuer} is not a trusted issuer of this holder's dataspace`, { type: 'forbidden' });
  }
  const offer = readCredentialOfferMessage(body());
  if (offer.issuer !== issuer) throw problems.badRequest(`the offer names issuer ${offer.issuer}, but ${issuer} sent it`);
  await services.offers.record(participantId, offer);
}
