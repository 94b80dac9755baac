/**
 * The holder side of the Resolution API (`POST <CredentialService>/presentations/query`): the
 * verifier's self-issued ID token must be addressed to the holder and carry an access token the
 * holder's STS granted to that very verifier; the answer presents the holder's valid credentials
 * that both the query and the access token name. Scopes the token does not grant are left out.
 */
import { problems } from '@tdss/sdk';
import type { PresentableCredential } from '../credentials/credential-store.ts';
import { sameType } from '../credentials/same-type.ts';
import { DCP_CONTEXT, type DcpServices, selfIssuedTokenRules } from '../dcp/dcp-services.ts';
import { verifyAccessToken } from '../sts/access-token.ts';
import { bearerToken } from '../tokens/bearer-token.ts';
import { verifySelfIssuedToken } from '../tokens/verify-self-issued-token.ts';
import { createPresentations } from './create-presentations.ts';
import { readPresentationQuery } from './read-presentation-query.ts';
import { grantedReads, type ScopeGrant } from './scopes.ts';

export interface PresentationResponseMessage {
  '@context': string[];
  type: 'PresentationResponseMessage';
  presentation: string[];
}

export async function answerPresentationQuery(
  services: DcpServices,
  participantId: string,
  authorization: string | undefined,
  body: () => unknown,
): Promise<PresentationResponseMessage> {
  const holder = (await services.dids.find(participantId))?.did;
  if (!holder) throw problems.notFound('no credential service is at this path');
  const token = bearerToken(authorization);
  const { issuer: verifier, claims } = await verifySelfIssuedToken(token, selfIssuedTokenRules(services, participantId, holder));
  const now = services.now();
  const granted = await verifyAccessToken(claims.token, {
    dids: services.dids,
    participantId,
    holder,
    bearer: verifier,
    now,
    clockSkewMs: services.clockSkewMs,
    maxLifetimeMs: services.maxTokenLifetimeMs,
  });
  const requested = readPresentationQuery(body());
  const reads = grantedReads(requested, granted);
  const credentials = reads.length === 0 ? [] : (await services.credentials.presentable(participantId)).filter((c) => validAt(c, now) && reads.some((r) => grants(r, c)));
  const presentation =
    credentials.length === 0 ? [] : await createPresentations(services.keys, { participantId, holder, verifier, credentials, ttlSeconds: services.ttlSeconds, now });
  services.logger.info(
    { participantId, verifier, scopesRequested: requested.length, scopesGranted: reads.length, credentialsPresented: credentials.length },
    'presentation query answered',
  );
  return { '@context': [DCP_CONTEXT], type: 'PresentationResponseMessage', presentation };
}

function grants(grant: ScopeGrant, credential: PresentableCredential): boolean {
  return grant.kind === 'type' ? credential.types.some((type) => sameType(type, grant.type)) : credential.credentialId === grant.id;
}

/** DCP: a response SHOULD hold only valid credentials; expired and not yet valid ones stay home. */
function validAt(credential: PresentableCredential, now: Date): boolean {
  const time = now.getTime();
  return (credential.validFrom === null || Date.parse(credential.validFrom) <= time) && (credential.validUntil === null || Date.parse(credential.validUntil) > time);
}
