/**
 * The operator's bootstrap token. Tokens are compared as SHA-256 digests with timingSafeEqual:
 * constant time whatever their lengths, so timing tells nothing of the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from '@tdss/sdk';

const digest = (value: string) => createHash('sha256').update(value).digest();

export const ADMIN_PRINCIPAL: Principal = Object.freeze({ subject: 'operator', roles: Object.freeze(['operator'] as const), method: 'admin-token' });

/** Whether a bearer value is the configured operator token. */
export function createAdminTokenCheck(adminToken: string): (bearer: string) => boolean {
  const expected = digest(adminToken);
  return (bearer) => timingSafeEqual(digest(bearer), expected);
}
