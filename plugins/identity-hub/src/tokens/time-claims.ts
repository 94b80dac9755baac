/**
 * The time claims of a JWT (RFC 7519 `exp`, `nbf`, `iat`, NumericDate seconds), with leeway for
 * clocks that differ. Returns why the token is not valid now, or undefined.
 */
export interface TimeRules {
  now: Date;
  clockSkewMs: number;
  /** Longest accepted time from now to `exp`. */
  maxLifetimeMs: number;
}

export function timeClaimsProblem(claims: Record<string, unknown>, rules: TimeRules): string | undefined {
  const now = rules.now.getTime();
  const { exp, nbf, iat } = claims;
  if (!isSeconds(exp)) return 'the token has no numeric exp claim';
  if (exp * 1000 <= now - rules.clockSkewMs) return 'the token has expired';
  if (exp * 1000 > now + rules.maxLifetimeMs + rules.clockSkewMs) return 'the token expires too far in the future';
  if (!isSeconds(iat)) return 'the token has no numeric iat claim';
  if (iat * 1000 > now + rules.clockSkewMs) return 'the token was issued in the future (iat)';
  if (nbf !== undefined && (!isSeconds(nbf) || nbf * 1000 > now + rules.clockSkewMs)) return 'the token is not valid yet (nbf)';
  return undefined;
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
