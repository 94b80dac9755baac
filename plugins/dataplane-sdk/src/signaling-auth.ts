/**
 * Bearer credentials of Data Plane Signaling over HTTP: a control plane sends a data plane's
 * signaling token with every message, a data plane sends the token the control plane gave it at
 * registration with every callback. Tokens are compared as SHA-256 digests with timingSafeEqual:
 * the time taken says nothing about how much of a guess was right. Refusals never echo the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { problems } from '@tdss/sdk';
import type { Context, Next } from 'koa';
import { bearerToken } from './flow-tokens.ts';

/** The authorization object of a registration message that carries a bearer token (`{ type: 'bearer', token }`). */
export const BEARER_AUTHORIZATION = 'bearer';

/** The digest a token is compared by (also what a verifier may keep instead of the token). */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Whether `presented` is the token of `expected` (a token or its digest), in constant time. */
export function sameToken(presented: string | undefined, expected: string | Buffer): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(tokenDigest(presented), typeof expected === 'string' ? tokenDigest(expected) : expected);
}

/** The bearer token of a registration's authorization object, undefined when it has none. */
export function authorizationToken(authorization: unknown): string | undefined {
  const entry = authorization as { type?: unknown; token?: unknown } | undefined;
  return entry?.type === BEARER_AUTHORIZATION && typeof entry.token === 'string' && entry.token.length > 0 ? entry.token : undefined;
}

/** koa middleware: 401 problem unless the request carries `Authorization: Bearer <token>`. */
export function requireBearer(token: string) {
  const expected = tokenDigest(token);
  return async (ctx: Context, next: Next) => {
    if (!sameToken(bearerToken(ctx.get('authorization')), expected)) {
      ctx.set('www-authenticate', 'Bearer');
      throw problems.unauthorized('a valid bearer token is required for Data Plane Signaling');
    }
    await next();
  };
}
