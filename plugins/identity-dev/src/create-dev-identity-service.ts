/**
 * Shared-secret tokens: an HS256 JWT whose issuer is the sender's participant id and whose
 * audience is the receiver's, valid for a few minutes. It proves only that the sender knows the
 * dataspace secret, which is enough to develop and test against, and nothing more.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { type DspIdentityService, ProblemError } from '@tdss/sdk';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { IdentityDevSettings } from './settings.ts';

const BEARER = /^Bearer\s+(\S+)$/i;

export function createDevIdentityService(settings: IdentityDevSettings): DspIdentityService {
  // A key object made once: jose would import raw bytes again on every sign and verify.
  const key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  const unauthorized = (detail: string) =>
    new ProblemError(401, detail, { type: 'unauthorized', extensions: {} });
  const claimsOf = (participantId: string) => settings.claims[participantId] ?? {};

  return {
    async verify({ authorization, audience }) {
      if (!authorization) throw unauthorized('the request carries no Authorization header');
      const fixed = settings.staticTokens[authorization];
      if (fixed !== undefined) return { participantId: fixed, claims: claimsOf(fixed) };
      const token = BEARER.exec(authorization)?.[1];
      if (!token) throw unauthorized('the Authorization header is not a bearer token');
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience, requiredClaims: ['iss', 'exp', 'jti'] });
        return { participantId: payload.iss!, claims: claimsOf(payload.iss!) };
      } catch (error) {
        // The reason helps the caller's developer and reveals nothing of ours: the rules are public.
        const reason = error instanceof errors.JWTExpired ? 'the token has expired' : error instanceof errors.JWTClaimValidationFailed ? `the token's ${error.claim} claim does not fit` : 'the token is not valid';
        throw unauthorized(reason);
      }
    },
    async authorize({ participantId, counterpartyId }) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(participantId)
        .setAudience(counterpartyId)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${settings.tokenTtlSeconds}s`)
        .sign(key);
      return `Bearer ${token}`;
    },
  };
}
