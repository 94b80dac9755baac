/**
 * Shared-secret tokens: an HS256 JWT whose issuer is the sender's participant id and whose
 * audience is the receiver's, valid for a few minutes. It proves only that the sender knows the
 * dataspace secret, which is enough to develop and test against, and nothing more.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { type DspIdentityService, ProblemError } from '@tdss/sdk';
import { signHs256, TokenRefusal, verifyHs256 } from './hs256-token.ts';
import type { IdentityDevSettings } from './settings.ts';

const BEARER = /^Bearer\s+(\S+)$/i;

export function createDevIdentityService(settings: IdentityDevSettings): DspIdentityService {
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
        const { iss } = verifyHs256(key, token, audience);
        return { participantId: iss, claims: claimsOf(iss) };
      } catch (error) {
        // The reason helps the caller's developer and reveals nothing of ours: the rules are public.
        if (error instanceof TokenRefusal) throw unauthorized(error.message);
        throw error;
      }
    },
    async authorize({ participantId, counterpartyId }) {
      const iat = Math.floor(Date.now() / 1000);
      return `Bearer ${signHs256(key, { iss: participantId, aud: counterpartyId, jti: randomUUID(), iat, exp: iat + settings.tokenTtlSeconds })}`;
    },
  };
}
