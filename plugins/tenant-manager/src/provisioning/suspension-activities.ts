/**
 * The steps of suspending and resuming a tenant. Suspension closes the participant context first
 * (its DSP endpoints refuse new requests, its management API turns read-only), then suspends its
 * running transfers with a DSP TransferSuspensionMessage. Which transfers it suspended is recorded
 * once per step (`ctx.record`), before any is touched: a retry after a crash suspends the same
 * ones and reports them all, and the resumption resumes exactly those.
 */
import type { ParticipantContextState } from '@tdss/control-plane';
import { ProblemError, unlessNotFound } from '@tdss/sdk';
import type { WorkflowActivity } from '@tdss/workflow';
import { settle } from './settle.ts';
import { type TenantServices, tenantIdOf } from './tenant-services.ts';

export const SWITCH_CONTEXT = 'tenant.switch-context';
export const SUSPEND_TRANSFERS = 'tenant.suspend-transfers';
export const RESUME_TRANSFERS = 'tenant.resume-transfers';

const PAGE = 500;
const SUSPENSION_REASON = 'the tenant is suspended by its operator';
const OPPOSITE: Record<ParticipantContextState, ParticipantContextState> = { ACTIVATED: 'DEACTIVATED', DEACTIVATED: 'ACTIVATED' };

/** Transfers that moved on meanwhile (the counterparty completed or terminated one) are left as they are. */
async function unlessMovedOn(work: Promise<unknown>): Promise<boolean> {
  try {
    await work;
    return true;
  } catch (error) {
    if (error instanceof ProblemError && (error.status === 409 || error.status === 404)) return false;
    throw error;
  }
}

export async function listTransferIds(services: TenantServices, tenantId: string, state?: 'STARTED'): Promise<Array<{ id: string; state: string }>> {
  const found: Array<{ id: string; state: string }> = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await services.transfers().list(tenantId, { offset, limit: PAGE, filters: state ? { state } : {} });
    found.push(...page.items.map((item) => ({ id: item.id, state: item.state })));
    if (offset + PAGE >= page.total) return found;
  }
}

/** Until its message went out a transfer is still SUSPENDING (RESUMING): the step is retried, which repeats nothing. */
async function settleOrRetry(services: TenantServices, tenantId: string, ids: string[], pendingState: string): Promise<void> {
  const left = await settle(async () => {
    const states = await Promise.all(ids.map((id) => unlessNotFound(services.transfers().get(tenantId, id))));
    return states.filter((process) => process?.state === pendingState);
  });
  if (left.length) throw new Error(`transfers still ${pendingState}: ${left.map((process) => process!.id).join(', ')}`);
}

export function suspensionActivities(services: TenantServices): WorkflowActivity[] {
  const setContext = async (tenantId: string, state: ParticipantContextState) => {
    if (await unlessNotFound(services.contexts().get(tenantId))) await services.contexts().setState(tenantId, state);
  };
  return [
    {
      type: SWITCH_CONTEXT,
      description: 'Moves the tenant\'s participant context to the state in the step\'s params (ACTIVATED or DEACTIVATED).',
      async execute(ctx) {
        const state = ctx.params.state as ParticipantContextState;
        await setContext(tenantIdOf(ctx.input), state);
        return { state };
      },
      async compensate(ctx) {
        await setContext(tenantIdOf(ctx.input), OPPOSITE[ctx.params.state as ParticipantContextState]);
      },
    },
    {
      type: SUSPEND_TRANSFERS,
      description: 'Suspends the tenant\'s STARTED transfers (DSP TransferSuspensionMessage); outputs their ids.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        const planned = (await ctx.recorded<string[]>('transfers'))?.value
          ?? (await ctx.record('transfers', (await listTransferIds(services, tenantId, 'STARTED')).map((t) => t.id)));
        const suspended: string[] = [];
        for (const id of planned) {
          if (await unlessMovedOn(services.transfers().suspend(tenantId, id, SUSPENSION_REASON))) suspended.push(id);
        }
        await settleOrRetry(services, tenantId, suspended, 'SUSPENDING');
        return { suspended };
      },
      async compensate(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        for (const id of (ctx.output as { suspended: string[] }).suspended) await unlessMovedOn(services.transfers().resume(tenantId, id));
      },
    },
    {
      type: RESUME_TRANSFERS,
      description: 'Resumes the transfers the tenant\'s suspension suspended (the orchestration input\'s `transfers`).',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        const resumed: string[] = [];
        for (const id of (ctx.input.transfers as string[] | undefined) ?? []) {
          if (await unlessMovedOn(services.transfers().resume(tenantId, id))) resumed.push(id);
        }
        await settleOrRetry(services, tenantId, resumed, 'RESUMING');
        return { resumed };
      },
      async compensate(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        for (const id of (ctx.output as { resumed: string[] }).resumed) await unlessMovedOn(services.transfers().suspend(tenantId, id, SUSPENSION_REASON));
      },
    },
  ];
}
