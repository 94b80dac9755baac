/**
 * The access token in the `token` claim: a JWS the holder signs for itself (`iss` = `aud` = the
 * holder DID, `typ` at+jwt) naming the verifier it grants (`sub`) and what (`scope`, space
 * separated). The credential service accepts it only from that verifier (the `sub` of the
 * verifier's own token), only while it is valid, and only when one of the holder's own published
 * keys signed it: no state to share between replicas.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { DidService } from '../did/did-service.ts';
import { DidResolutionError } from '../resolver/did-resolution-error.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import { type TimeRules, timeClaimsProblem } from '../tokens/time-claims.ts';
import { unauthorized } from '../tokens/unauthorized.ts';
import { JwsVerificationError } from '../verify/jws-verification-error.ts';
import { verifyJws } from '../verify/verify-jws.ts';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenRules extends TimeRules {
  dids: DidService;
  participantId: string;
  /** The holder: our DID. */
  holder: string;
  /** The verifier presenting the token: the `iss` of its self-issued ID token. */
  bearer: string;
}

/** The scopes the access token grants; a 401 problem when it is not ours, not for this bearer, or not valid now. */
export async function verifyAccessToken(token: unknown, rules: AccessTokenRules): Promise<string[]> {
  if (typeof token !== 'string' || token.length === 0) throw unauthorized('the self-issued ID token carries no access token (token claim)');
  let claims: Record<string, unknown>;
  try {
    if (decodeProtectedHeader(token).typ !== ACCESS_TOKEN_TYPE) throw new Error('typ');
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch {
    throw unauthorized('the access token was not issued by this credential service');
  }
  try {
    await verifyJws(ownDocument(rules.dids, rules.participantId, rules.holder), token, { relationship: 'capabilityInvocation', signer: rules.holder });
  } catch (error) {
    if (error instanceof JwsVerificationError) throw unauthorized('the access token was not issued by this credential service');
    throw error;
  }
  if (claims.iss !== rules.holder || claims.aud !== rules.holder) throw unauthorized('the access token was not issued by this credential service');
  if (claims.sub !== rules.bearer) throw unauthorized(`the access token was not granted to ${rules.bearer}`);
  const timeProblem = timeClaimsProblem(claims, rules);
  if (timeProblem) throw unauthorized(`access token: ${timeProblem}`);
  if (typeof claims.scope !== 'string') throw unauthorized('the access token grants no scope');
  return claims.scope.split(' ').filter(Boolean);
}

/** Resolves only our own DID, from the keys as they are now, without a round trip over HTTP. */
function ownDocument(dids: DidService, participantId: string, did: string): DidResolver {
  return {
    async resolve(requested) {
      const document = requested === did ? await dids.document(participantId) : undefined;
      if (!document) throw new DidResolutionError('notFound', requested, 'not a DID of this participant');
      return document;
    },
    evict: () => undefined,
    methods: () => [],
  };
}
