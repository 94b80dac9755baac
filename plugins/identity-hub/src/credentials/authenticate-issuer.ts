/**
 * An issuer calling a holder's credential service (Storage API, credential offers) authenticates
 * with a self-issued ID token addressed to the holder, and must be trusted in the holder's dataspace.
 */
import { ProblemError, problems } from '@tdss/sdk';
import { type DcpServices, selfIssuedTokenRules } from '../dcp/dcp-services.ts';
import type { DataspaceTrust } from '../trust/dataspace-trust.ts';
import { bearerToken } from '../tokens/bearer-token.ts';
import { verifySelfIssuedToken } from '../tokens/verify-self-issued-token.ts';

export async function authenticateIssuer(
  services: DcpServices,
  participantId: string,
  authorization: string | undefined,
): Promise<{ issuer: string; holder: string; trust: DataspaceTrust }> {
  const holder = (await services.dids.find(participantId))?.did;
  if (!holder) throw problems.notFound('no credential service is at this path');
  const { issuer } = await verifySelfIssuedToken(bearerToken(authorization), selfIssuedTokenRules(services, participantId, holder));
  const trust = services.trust.forParticipant(participantId);
  if (!trust?.knowsIssuer(issuer)) {
    throw new ProblemError(403, `${issuer} is not a trusted issuer of this holder's dataspace`, { type: 'forbidden' });
  }
  return { issuer, holder, trust };
}
