/**
 * HS256 JWTs signed and verified with node:crypto's synchronous HMAC. jose goes through WebCrypto,
 * whose job dispatch costs about a quarter of a millisecond per sign or verify — several per DSP
 * message exchange — where the HMAC itself takes microseconds. The checks are jose's for the
 * options the dev identity used: HS256 only, no `crit` extensions, the signature before any
 * claim, `exp`, `nbf`, `aud`, and the presence of `iss`, `exp` and `jti`.
 */
import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/** Why a token was refused; the reason reveals nothing but public rules. */
export class TokenRefusal extends Error {}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
const REQUIRED = ['iss', 'exp', 'jti'] as const;

export interface TokenClaims {
  iss: string;
  aud: string;
  jti: string;
  iat: number;
  exp: number;
}

export function signHs256(key: KeyObject, claims: TokenClaims): string {
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}

/** The payload of a token signed with `key` for `audience` and valid now; throws a TokenRefusal otherwise. */
export function verifyHs256(key: KeyObject, token: string, audience: string): Record<string, unknown> & { iss: string } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenRefusal('the token is not valid');
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenRefusal('the token is not valid');
  const protectedHeader = parseObject(header);
  if (protectedHeader.alg !== 'HS256' || protectedHeader.crit !== undefined) throw new TokenRefusal('the token is not valid');
  const claims = parseObject(payload);
  for (const claim of REQUIRED) if (claims[claim] === undefined) throw refusedClaim(claim);
  if (typeof claims.iss !== 'string') throw refusedClaim('iss');
  const aud = claims.aud;
  if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) throw refusedClaim('aud');
  const now = Math.floor(Date.now() / 1000);
  for (const claim of ['iat', 'nbf', 'exp'] as const) if (claims[claim] !== undefined && typeof claims[claim] !== 'number') throw refusedClaim(claim);
  if (typeof claims.nbf === 'number' && claims.nbf > now) throw refusedClaim('nbf');
  if ((claims.exp as number) <= now) throw new TokenRefusal('the token has expired');
  return claims as Record<string, unknown> & { iss: string };
}

function parseObject(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRefusal('the token is not valid');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenRefusal('the token is not valid');
  return value as Record<string, unknown>;
}

const refusedClaim = (claim: string) => new TokenRefusal(`the token's ${claim} claim does not fit`);
