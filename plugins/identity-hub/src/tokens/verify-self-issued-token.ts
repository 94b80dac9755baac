/**
 * DCP 1.0 base protocol, "Validating Self-Issued ID Tokens": `iss` = `sub`, `aud` names us, the
 * signature verifies with a key the `sub` DID document lists under capabilityInvocation (`kid`, or
 * the document's only key), the time claims hold, and the `jti` was never accepted before. The jti
 * is recorded last, so a forged token cannot use up a genuine one's id.
 */
import { decodeJwt } from 'jose';
import type { DidResolver } from '../resolver/did-resolver.ts';
import type { KeysWithoutRelationships } from '../verify/keys-without-relationships.ts';
import { JwsVerificationError } from '../verify/jws-verification-error.ts';
import { verifyJws } from '../verify/verify-jws.ts';
import { type TimeRules, timeClaimsProblem } from './time-claims.ts';
import type { TokenIdStore } from './token-id-store.ts';
import { unauthorized } from './unauthorized.ts';

export interface SelfIssuedTokenRules extends TimeRules {
  resolver: DidResolver;
  /** The receiving participant's dataspace accepts keys of documents without relationships. */
  keysWithoutRelationships: KeysWithoutRelationships | undefined;
  tokenIds: TokenIdStore;
  /** Our DID: the token's audience. */
  audience: string;
  /** Our participant context, under which the jti is recorded. */
  participantId: string;
}

export interface VerifiedSelfIssuedToken {
  /** The DID of the party that signed it (`iss` = `sub`). */
  issuer: string;
  claims: Record<string, unknown>;
}

export async function verifySelfIssuedToken(token: string, rules: SelfIssuedTokenRules): Promise<VerifiedSelfIssuedToken> {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch {
    throw unauthorized('the self-issued ID token is not a readable JWT');
  }
  const { iss, sub, aud, jti } = claims;
  if (typeof iss !== 'string' || !iss.startsWith('did:')) throw unauthorized('the iss claim of the self-issued ID token must be a DID');
  if (sub !== iss) throw unauthorized('the iss and sub claims of the self-issued ID token differ');
  if (!(aud === rules.audience || (Array.isArray(aud) && aud.includes(rules.audience)))) {
    throw unauthorized(`the self-issued ID token is not addressed to ${rules.audience}`);
  }
  const timeProblem = timeClaimsProblem(claims, rules);
  if (timeProblem) throw unauthorized(`self-issued ID token: ${timeProblem}`);
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) throw unauthorized('the self-issued ID token needs a jti of 1 to 256 characters');
  try {
    await verifyJws(rules.resolver, token, { relationship: 'capabilityInvocation', signer: iss, keysWithoutRelationships: rules.keysWithoutRelationships });
  } catch (error) {
    if (error instanceof JwsVerificationError) throw unauthorized(`the self-issued ID token does not verify: ${error.message}`);
    throw error;
  }
  const expiresAt = new Date((claims.exp as number) * 1000 + rules.clockSkewMs);
  if (!(await rules.tokenIds.remember(rules.participantId, iss, jti, expiresAt))) {
    throw unauthorized('the self-issued ID token was used before (jti)');
  }
  return { issuer: iss, claims };
}
