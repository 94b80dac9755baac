/**
 * Tenant-scoped tokens the runtime mints itself, so a runtime without an IdP can hand a tenant's
 * API client a short-lived credential: HS256 JWTs with this plugin's own issuer and audience, the
 * tenant in `tenant`, and the roles granted within it. Verification accepts HS256 only, from this
 * issuer only, and asks the tenant manager whether the tenant still exists and is not terminated.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { type ManagementRole, type Principal, unauthenticated } from '@tdss/sdk';
import type { TenantLookup } from '@tdss/tenant-manager';
import { managementRoles } from '../oidc/claims.ts';
import type { RejectionListener } from '../oidc/oidc-verifier.ts';

export const TENANT_TOKEN_ISSUER = 'urn:tdss:management-auth';
export const TENANT_TOKEN_AUDIENCE = 'urn:tdss:management';
const ALGORITHM = 'HS256';

/** States in which a tenant's tokens no longer open anything. */
const GONE = new Set(['TERMINATING', 'TERMINATED']);

export interface MintedToken {
  token: string;
  expiresAt: Date;
}

export interface TenantTokens {
  mint(tenantId: string, roles: readonly ManagementRole[], ttlSeconds: number): Promise<MintedToken>;
  verify(token: string): Promise<Principal>;
}

export function createTenantTokens(key: () => Uint8Array, tenants: () => TenantLookup | undefined, onReject: RejectionListener): TenantTokens {
  const refuse = (reason: string) => {
    onReject(reason);
    return unauthenticated('the tenant token is not valid (expired, revoked or not issued here)', 'Bearer realm="tdss-management", error="invalid_token"');
  };
  return {
    async mint(tenantId, roles, ttlSeconds) {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ tenant: tenantId, roles: [...roles] })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setIssuer(TENANT_TOKEN_ISSUER)
        .setAudience(TENANT_TOKEN_AUDIENCE)
        .setSubject(`tenant:${tenantId}`)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key());
      return { token, expiresAt: new Date((now + ttlSeconds) * 1000) };
    },
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, key(), { issuer: TENANT_TOKEN_ISSUER, audience: TENANT_TOKEN_AUDIENCE, algorithms: [ALGORITHM] }));
      } catch (error) {
        throw refuse(error instanceof errors.JOSEError ? error.code : 'malformed');
      }
      const tenantId = payload.tenant;
      if (typeof tenantId !== 'string') throw refuse('no tenant claim');
      const tenant = await tenants()?.find(tenantId);
      if (!tenant || GONE.has(tenant.state)) throw refuse('tenant unknown or terminated');
      return { subject: `tenant:${tenantId}`, roles: managementRoles(payload.roles), tenant: tenantId, method: 'tenant-token' };
    },
  };
}
