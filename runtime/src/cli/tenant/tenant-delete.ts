import { followWorkflow, readTimeout } from './follow-workflow.ts';
import { tenantPath, type TenantContext } from './tenant-context.ts';
import type { TenantJson } from './tenant-json.ts';

/** `tdss tenant delete ID`: DELETE, then follow termination until TERMINATED or FAILED. */
export async function deleteTenant(ctx: TenantContext): Promise<number> {
  const timeoutMs = readTimeout(ctx);
  const { body: tenant } = await ctx.client.call<TenantJson>('DELETE', tenantPath(ctx.id));
  return followWorkflow(ctx, tenant, { whileState: 'TERMINATING', goal: 'TERMINATED', afterFailure: `retry with tdss tenant delete ${tenant.id}` }, timeoutMs);
}
