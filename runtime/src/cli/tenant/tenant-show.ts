import { formatTenantDetails } from './format-tenant.ts';
import { printJson, tenantPath, type TenantContext } from './tenant-context.ts';
import type { TenantDetailsJson } from './tenant-json.ts';

/** `tdss tenant show ID`: the tenant and each step of its current (or last) workflow. */
export async function showTenant(ctx: TenantContext): Promise<number> {
  const { body: tenant } = await ctx.client.call<TenantDetailsJson>('GET', tenantPath(ctx.id));
  if (ctx.output === 'json') printJson(ctx.io, tenant);
  else for (const line of formatTenantDetails(tenant)) ctx.io.out(line);
  return 0;
}

