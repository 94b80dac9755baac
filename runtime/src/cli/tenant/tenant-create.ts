import { followWorkflow, readTimeout } from './follow-workflow.ts';
import type { TenantContext } from './tenant-context.ts';
import type { TenantJson } from './tenant-json.ts';
import { readSettings } from './tenant-options.ts';
import { usageError } from './command-error.ts';

/** `tdss tenant create --name NAME [--id ID] [--settings JSON|@FILE]`: POST, then follow provisioning. */
export async function createTenant(ctx: TenantContext): Promise<number> {
  const { values } = ctx;
  if (values.name === undefined) throw usageError('create', '--name is required, e.g. tdss tenant create --name "Acme Corp"');
  const settings = readSettings('create', values.settings);
  const timeoutMs = readTimeout(ctx);
  const body = { name: values.name, ...(values.id === undefined ? {} : { id: values.id }), ...(settings ? { settings } : {}) };
  const { body: tenant } = await ctx.client.call<TenantJson>('POST', '', body);
  return followWorkflow(ctx, tenant, { whileState: 'PROVISIONING', goal: 'ACTIVE', afterFailure: `tdss tenant delete ${tenant.id}` }, timeoutMs);
}
