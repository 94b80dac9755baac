/**
 * The Credential Offer API (`POST <CredentialService>/offers`): an issuer tells the holder about
 * credentials it may request. The issuer authenticates as on the Storage API (a self-issued ID
 * token addressed to the holder), must be trusted in the holder's dataspace, and must be the
 * issuer the message names. The offer is recorded for the identity API.
 */
import { problems } from '@tdss/sdk';
import type { DcpServices } from '../dcp/dcp-services.ts';
import type { CredentialOffers } from './credential-offers.ts';
import { readCredentialOfferMessage } from './read-credential-offer-message.ts';
import { authenticateIssuer } from './authenticate-issuer.ts';

export async function receiveCredentialOffer(
  services: DcpServices & { offers: CredentialOffers },
  participantId: string,
  authorization: string | undefined,
  body: () => unknown,
): Promise<void> {
  const { issuer } = await authenticateIssuer(services, participantId, authorization);
  const offer = readCredentialOfferMessage(body());
  if (offer.issuer !== issuer) throw problems.badRequest(`the offer names issuer ${offer.issuer}, but ${issuer} sent it`);
  await services.offers.record(participantId, offer);
}
