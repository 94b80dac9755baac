import { followWorkflow, readTimeout } from './follow-workflow.ts';
import { tenantPath, type TenantContext } from './tenant-context.ts';
import type { TenantJson } from './tenant-json.ts';

const TRANSITIONS = {
  suspend: { whileState: 'SUSPENDING', goal: 'SUSPENDED' },
  resume: { whileState: 'RESUMING', goal: 'ACTIVE' },
};

/**
 * `tdss tenant suspend ID` and `tdss tenant resume ID`. A tenant manager that suspends through a
 * workflow answers SUSPENDING (RESUMING) and is followed like a creation; one that switches at
 * once answers the new state, which ends the command.
 */
export async function changeTenantState(ctx: TenantContext, action: keyof typeof TRANSITIONS): Promise<number> {
  const timeoutMs = readTimeout(ctx);
  const { body: tenant } = await ctx.client.call<TenantJson>('POST', tenantPath(ctx.id, `/${action}`));
  return followWorkflow(ctx, tenant, { ...TRANSITIONS[action], afterFailure: `retry with tdss tenant ${action} ${tenant.id}` }, timeoutMs);
}
