/**
 * Operator access tokens from an OpenID provider: JWTs whose signature is checked against the
 * provider's JWKS (named by its discovery document, fetched on first use and cached), with issuer,
 * audience and lifetime checked. Only asymmetric algorithms are accepted, so neither `alg: none`
 * nor an HMAC keyed with a public key gets through.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { type Principal, problems, unauthenticated } from '@tdss/sdk';
import { managementRoles, readClaim } from './claims.ts';

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export interface OidcSettings {
  issuer: string;
  audience: string;
  rolesClaim: string;
  tenantClaim: string;
  clockToleranceSeconds: number;
  jwksCacheMaxAgeSeconds: number;
  jwksCooldownSeconds: number;
}

export interface OidcVerifier {
  verify(token: string): Promise<Principal>;
}

/** Why a token was refused, for the log: a jose error code, never the token. */
export type RejectionListener = (reason: string) => void;

export function createOidcVerifier(settings: OidcSettings, onReject: RejectionListener): OidcVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  // A failed discovery is tried again on the next token rather than cached.
  const jwks = () => (keys ??= discoverKeys(settings).catch((error: unknown) => {
    keys = undefined;
    throw error;
  }));

  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, await jwks(), {
          issuer: settings.issuer,
          audience: settings.audience,
          clockTolerance: settings.clockToleranceSeconds,
          algorithms: ASYMMETRIC_ALGORITHMS,
        }));
      } catch (error) {
        if (error instanceof errors.JOSEError && error.code !== 'ERR_JWKS_TIMEOUT') {
          onReject(error.code);
          throw unauthenticated('the access token is not valid for this API', 'Bearer realm="tdss-management", error="invalid_token"');
        }
        onReject(`provider unreachable: ${error instanceof Error ? error.message : String(error)}`);
        throw problems.unavailable(`the OpenID provider ${settings.issuer} could not be reached to check the access token; try again`);
      }
      const tenant = readClaim(payload, settings.tenantClaim);
      const subject = typeof payload.sub === 'string' ? payload.sub : typeof payload.client_id === 'string' ? payload.client_id : 'unknown';
      return {
        subject,
        roles: managementRoles(readClaim(payload, settings.rolesClaim)),
        ...(typeof tenant === 'string' && tenant !== '' ? { tenant } : {}),
        method: 'oidc',
      };
    },
  };
}

async function discoverKeys(settings: OidcSettings): Promise<JWTVerifyGetKey> {
  const base = settings.issuer.endsWith('/') ? settings.issuer : `${settings.issuer}/`;
  const response = await fetch(new URL('.well-known/openid-configuration', base), { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // RFC 8414 §3.3: a discovery document for another issuer must not be trusted.
  if (document.issuer !== settings.issuer) throw new Error(`discovery names the issuer ${String(document.issuer)}`);
  if (typeof document.jwks_uri !== 'string') throw new Error('discovery names no jwks_uri');
  return createRemoteJWKSet(new URL(document.jwks_uri), {
    cacheMaxAge: settings.jwksCacheMaxAgeSeconds * 1000,
    cooldownDuration: settings.jwksCooldownSeconds * 1000,
    timeoutDuration: 5_000,
  });
}
