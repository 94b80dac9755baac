/**
 * The operator's tenant API on the management context. A tenant-scoped principal may read its own
 * tenant (the list shows it alone); every other tenant does not exist for it.
 */
import Router from '@koa/router';
import { type Page, problems, readJsonBody, readPageQuery, requestPath, scopedTenant, sendPage, tenantScoped, unlessNotFound } from '@tdss/sdk';
import type { Tenants } from './create-tenants.ts';
import { readNewTenant, readTenantChanges } from './read-tenant-input.ts';
import { type Tenant, TENANT_STATES, type TenantState } from './tenant.ts';
import { toTenantDetailsJson, toTenantJson } from './tenant-json.ts';

export const TENANTS_PATH = '/v1/tenants';

export function createTenantRoutes(tenants: () => Tenants): Router {
  const router = new Router({ prefix: TENANTS_PATH });
  router.use('/:tenantId', tenantScoped('tenantId', { methods: ['GET', 'HEAD'] }));

  router.post('/', async (ctx) => {
    const tenant = await tenants().create(readNewTenant(readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('location', `${requestPath(ctx).replace(/\/$/, '')}/${encodeURIComponent(tenant.id)}`);
    ctx.body = toTenantJson(tenant);
  });

  router.get('/', tenantScoped(), async (ctx) => {
    const query = readPageQuery(ctx.query, { filters: ['state', 'name'] });
    if (query.filters.state !== undefined && !TENANT_STATES.includes(query.filters.state as TenantState)) {
      throw problems.badRequest(`state must be one of ${TENANT_STATES.join(', ')}`);
    }
    const own = scopedTenant(ctx);
    const page = own === undefined ? await tenants().list(query) : await ownTenantPage(tenants(), own, query);
    sendPage(ctx, page, page.items.map(toTenantJson));
  });

  router.get('/:tenantId', async (ctx) => {
    ctx.body = toTenantDetailsJson(await tenants().get(ctx.params.tenantId!));
  });

  router.patch('/:tenantId', async (ctx) => {
    ctx.body = toTenantJson(await tenants().update(ctx.params.tenantId!, readTenantChanges(readJsonBody(ctx))));
  });

  router.post('/:tenantId/suspend', async (ctx) => {
    ctx.status = 202;
    ctx.body = toTenantJson(await tenants().suspend(ctx.params.tenantId!));
  });

  router.post('/:tenantId/resume', async (ctx) => {
    ctx.status = 202;
    ctx.body = toTenantJson(await tenants().resume(ctx.params.tenantId!));
  });

  router.delete('/:tenantId', async (ctx) => {
    ctx.status = 202;
    ctx.body = toTenantJson(await tenants().terminate(ctx.params.tenantId!));
  });

  return router;
}

/** The list as a tenant-scoped principal sees it: its own tenant when the filters take it, else nothing. */
async function ownTenantPage(tenants: Tenants, tenantId: string, query: Parameters<Tenants['list']>[0]): Promise<Page<Tenant>> {
  const tenant = (await unlessNotFound(tenants.get(tenantId)))?.tenant;
  const { state, name } = query.filters;
  const matches = tenant !== undefined && (state === undefined || tenant.state === state) && (name === undefined || tenant.name === name);
  const items = matches && query.offset === 0 ? [tenant] : [];
  return { items, total: matches ? 1 : 0, offset: query.offset, limit: query.limit };
}
