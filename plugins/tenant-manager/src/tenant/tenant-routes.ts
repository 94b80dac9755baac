/** The operator's tenant API on the management context, behind the operator token. */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { problems, readJsonBody, readPageQuery, requestPath, sendPage } from '@tdss/sdk';
import type { Tenants } from './create-tenants.ts';
import { readNewTenant, readTenantChanges } from './read-tenant-input.ts';
import { TENANT_STATES, type TenantState } from './tenant.ts';
import { toTenantDetailsJson, toTenantJson } from './tenant-json.ts';

export const TENANTS_PATH = '/v1/tenants';

export function createTenantRoutes(tenants: () => Tenants, guard: Middleware): Router {
  const router = new Router({ prefix: TENANTS_PATH });
  // Router-level middleware runs only for requests one of these routes matches: the guard
  // covers the tenant API and nothing else on the management context.
  router.use(guard);

  router.post('/', async (ctx) => {
    const tenant = await tenants().create(readNewTenant(readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('location', `${requestPath(ctx).replace(/\/$/, '')}/${encodeURIComponent(tenant.id)}`);
    ctx.body = toTenantJson(tenant);
  });

  router.get('/', async (ctx) => {
    const query = readPageQuery(ctx.query, { filters: ['state', 'name'] });
    if (query.filters.state !== undefined && !TENANT_STATES.includes(query.filters.state as TenantState)) {
      throw problems.badRequest(`state must be one of ${TENANT_STATES.join(', ')}`);
    }
    const page = await tenants().list(query);
    sendPage(ctx, page, page.items.map(toTenantJson));
  });

  router.get('/:tenantId', async (ctx) => {
    ctx.body = toTenantDetailsJson(await tenants().get(ctx.params.tenantId!));
  });

  router.patch('/:tenantId', async (ctx) => {
    ctx.body = toTenantJson(await tenants().update(ctx.params.tenantId!, readTenantChanges(readJsonBody(ctx))));
  });

  router.post('/:tenantId/suspend', async (ctx) => {
    ctx.body = toTenantJson(await tenants().suspend(ctx.params.tenantId!));
  });

  router.post('/:tenantId/resume', async (ctx) => {
    ctx.body = toTenantJson(await tenants().resume(ctx.params.tenantId!));
  });

  router.delete('/:tenantId', async (ctx) => {
    ctx.status = 202;
    ctx.body = toTenantJson(await tenants().terminate(ctx.params.tenantId!));
  });

  return router;
}
