/**
 * Short-lived tokens for pull endpoints: an HS256 JWT bound to one data flow (`sub`) and to the
 * flow's token generation (`gen`), so a data plane refuses a token of another flow, and every
 * token of a flow once the flow moves on (suspend, resume, terminate raise the generation). A
 * refresh token (longer-lived, `typ` refresh) buys a new access token for the same generation.
 * Verification failures are 401 problems that never echo the token.
 */
import { randomUUID } from 'node:crypto';
import { problems } from '@tdss/sdk';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface FlowTokenSettings {
  /** The HMAC key (at least 32 bytes); keep it in a secret store. */
  secret: string | Uint8Array;
  /** `iss` and `aud` of every token: the data plane's id. */
  issuer: string;
  /** Access token lifetime; 300 s unless given. */
  accessTtlSeconds?: number;
  /** Refresh token lifetime; 3600 s unless given. */
  refreshTtlSeconds?: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives (the token renewal profile's `expiresIn`). */
  expiresIn: number;
}

export interface VerifiedFlowToken {
  flowId: string;
  generation: number;
}

export interface FlowTokens {
  issue(flowId: string, generation: number): Promise<IssuedTokens>;
  /** 401 problem for a missing, forged, expired token or a refresh token. */
  verifyAccess(token: string | undefined): Promise<VerifiedFlowToken>;
  /** 401 problem for anything but a valid refresh token. */
  verifyRefresh(token: string | undefined): Promise<VerifiedFlowToken>;
}

type TokenUse = 'access' | 'refresh';

export function createFlowTokens(settings: FlowTokenSettings): FlowTokens {
  const key = typeof settings.secret === 'string' ? new TextEncoder().encode(settings.secret) : settings.secret;
  if (key.byteLength < 32) throw new Error('flow token secret: at least 32 bytes are needed for HS256');
  // Imported once: jose imports a raw key again on every sign and verify (a WebCrypto round trip per pull).
  const hmacKey = crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const accessTtl = settings.accessTtlSeconds ?? 300;
  const refreshTtl = settings.refreshTtlSeconds ?? 3600;

  const sign = async (flowId: string, generation: number, use: TokenUse, ttl: number) =>
    new SignJWT({ gen: generation, use })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(settings.issuer)
      .setAudience(settings.issuer)
      .setSubject(flowId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
      .sign(await hmacKey);

  const verify = async (token: string | undefined, use: TokenUse): Promise<VerifiedFlowToken> => {
    if (!token) throw problems.unauthorized(`a ${use} token is required`);
    try {
      const { payload } = await jwtVerify(token, await hmacKey, { issuer: settings.issuer, audience: settings.issuer, algorithms: ['HS256'] });
      if (payload.use !== use || typeof payload.sub !== 'string' || typeof payload.gen !== 'number') throw problems.unauthorized(`not a ${use} token`);
      return { flowId: payload.sub, generation: payload.gen };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw problems.unauthorized(`the ${use} token has expired`);
      if (error instanceof errors.JOSEError) throw problems.unauthorized(`the ${use} token is not valid`);
      throw error;
    }
  };

  return {
    async issue(flowId, generation) {
      const [accessToken, refreshToken] = await Promise.all([sign(flowId, generation, 'access', accessTtl), sign(flowId, generation, 'refresh', refreshTtl)]);
      return { accessToken, refreshToken, expiresIn: accessTtl };
    },
    verifyAccess: (token) => verify(token, 'access'),
    verifyRefresh: (token) => verify(token, 'refresh'),
  };
}

/** The bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
