/**
 * The SASL/OAUTHBEARER tokens of pull consumers: JWTs (ES256) whose `sub` is the flow's principal
 * for one token generation, `aud` the provider's cluster and `iss` the data plane, as the broker's
 * OAuthBearerValidatorCallbackHandler checks them against the data plane's JWKS. The token proves
 * who the consumer is; what it may read are that principal's ACLs.
 */
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import type { SigningJwk } from './pull-signing-key.ts';

export interface PullTokenSettings {
  readonly key: SigningJwk;
  /** `iss`: the broker's `sasl.oauthbearer.expected.issuer`. */
  readonly issuer: string;
  readonly ttlSeconds: number;
}

export interface PullToken {
  readonly token: string;
  /** Seconds it is valid. */
  readonly expiresIn: number;
}

export interface PullTokens {
  issue(principal: string, audience: string): Promise<PullToken>;
}

export function createPullTokens(settings: PullTokenSettings): PullTokens {
  const key = importJWK({ ...settings.key, alg: 'ES256' }, 'ES256');
  return {
    async issue(principal, audience) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: settings.key.kid })
        .setIssuer(settings.issuer)
        .setAudience(audience)
        .setSubject(principal)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + settings.ttlSeconds)
        .sign(await key);
      return { token, expiresIn: settings.ttlSeconds };
    },
  };
}
