/**
 * POST /v1/tenants/{id}/tokens: the operator mints a short-lived token scoped to one tenant, for
 * that tenant's API client. 404 for a tenant the tenant manager does not know (or has terminated).
 */
import Router from '@koa/router';
import { MANAGEMENT_ROLES, type ManagementRole, problems, requireRole, requireUnscoped } from '@tdss/sdk';
import type { TenantLookup } from '@tdss/tenant-manager';
import type { TenantTokens } from './tenant-tokens.ts';

export const TENANT_TOKENS_PATH = '/v1/tenants/:tenantId/tokens';

export interface TokenLimits {
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
}

export function createTenantTokenRoutes(tokens: () => TenantTokens, tenants: () => TenantLookup | undefined, limits: TokenLimits): Router {
  const router = new Router();
  router.post(TENANT_TOKENS_PATH, async (ctx) => {
    requireUnscoped(ctx);
    requireRole(ctx, 'operator');
    const request = readTokenRequest((ctx.request as { body?: unknown }).body, limits);
    const tenantId = ctx.params.tenantId!;
    const tenant = await tenants()?.find(tenantId);
    if (!tenant || tenant.state === 'TERMINATING' || tenant.state === 'TERMINATED') throw problems.notFound(`no tenant ${tenantId}`);
    const minted = await tokens().mint(tenantId, request.roles, request.ttlSeconds);
    ctx.status = 201;
    // The token is a credential: no cache on the way may keep it.
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      tenantId,
      roles: request.roles,
      tokenType: 'Bearer',
      token: minted.token,
      expiresIn: request.ttlSeconds,
      expiresAt: minted.expiresAt.toISOString(),
    };
  });
  return router;
}

function readTokenRequest(body: unknown, limits: TokenLimits): { ttlSeconds: number; roles: ManagementRole[] } {
  if (body === undefined) return { ttlSeconds: limits.defaultTtlSeconds, roles: ['operator'] };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw problems.badRequest('the body must be a JSON object: { ttlSeconds?, roles? }');
  const { ttlSeconds = limits.defaultTtlSeconds, roles = ['operator'], ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw problems.badRequest(`unknown field ${unknown.join(', ')}; expected ttlSeconds, roles`);
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > limits.maxTtlSeconds) {
    throw problems.badRequest(`ttlSeconds must be an integer from 1 to ${limits.maxTtlSeconds}`);
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((role) => (MANAGEMENT_ROLES as readonly unknown[]).includes(role))) {
    throw problems.badRequest(`roles must be a non-empty array of ${MANAGEMENT_ROLES.join(', ')}`);
  }
  return { ttlSeconds, roles: [...new Set(roles as ManagementRole[])] };
}
