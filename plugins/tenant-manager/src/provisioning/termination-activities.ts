/**
 * The steps of terminating a tenant: live work stopped first (transfers and negotiations
 * terminated, their DSP messages sent), then its keys revoked, then everything of it purged from
 * the control plane and the identity hub, its infrastructure removed and last its secrets
 * destroyed. Each is idempotent; none can be undone (purged rows do not come back), so their
 * compensations do nothing and a failed termination leaves the tenant FAILED, to be deleted again.
 */
import { ProblemError, unlessNotFound } from '@tdss/sdk';
import type { WorkflowActivity } from '@tdss/workflow';
import { revokeUnlessRevoked } from './provisioning-activities.ts';
import { settle } from './settle.ts';
import { listTransferIds } from './suspension-activities.ts';
import { type TenantServices, tenantIdOf } from './tenant-services.ts';

export const STOP_LIVE_WORK = 'tenant.stop-live-work';
export const REVOKE_KEYS = 'tenant.revoke-keys';
export const PURGE_PARTICIPANT_CONTEXT = 'tenant.purge-participant-context';
export const PURGE_IDENTITY = 'tenant.purge-identity';
export const DESTROY_SECRETS = 'tenant.destroy-secrets';

const nothingToUndo = async () => undefined;
const PAGE = 500;
const TERMINATION_REASON = 'the participant has left the dataspace';
const FINAL_TRANSFER = new Set(['COMPLETED', 'TERMINATED']);
const FINAL_NEGOTIATION = new Set(['FINALIZED', 'TERMINATED']);

/** A decision the process's state no longer allows (it moved on, or only the counterparty may act) is skipped. */
async function unlessRefused(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof ProblemError && (error.status === 409 || error.status === 404))) throw error;
  }
}

export function terminationActivities(services: TenantServices): WorkflowActivity[] {
  const openNegotiations = async (tenantId: string) => {
    const open: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await services.negotiations().list(tenantId, { offset, limit: PAGE, filters: {} });
      open.push(...page.items.filter((n) => !FINAL_NEGOTIATION.has(n.state)).map((n) => n.id));
      if (offset + PAGE >= page.total) return open;
    }
  };
  const openTransfers = async (tenantId: string) => (await listTransferIds(services, tenantId)).filter((t) => !FINAL_TRANSFER.has(t.state)).map((t) => t.id);

  return [
    {
      type: STOP_LIVE_WORK,
      description:
        'Terminates the tenant\'s open transfers and negotiations (the counterparties get DSP termination messages) and waits, bounded, until they are final.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        if (!(await unlessNotFound(services.contexts().get(tenantId)))) return { transfers: 0, negotiations: 0, unsettled: 0 };
        const transfers = await openTransfers(tenantId);
        for (const id of transfers) await unlessRefused(services.transfers().terminate(tenantId, id, TERMINATION_REASON));
        const negotiations = await openNegotiations(tenantId);
        for (const id of negotiations) await unlessRefused(services.negotiations().act(tenantId, id, { kind: 'terminate', reason: TERMINATION_REASON }));
        // What does not settle (a suspended tenant's negotiations wait for an active context, a
        // counterparty does not answer) is purged all the same: the counterparty's next message gets a 404.
        const unsettled = await settle(async () => [...(await openTransfers(tenantId)), ...(await openNegotiations(tenantId))]);
        return { transfers: transfers.length, negotiations: negotiations.length, unsettled: unsettled.length };
      },
      compensate: nothingToUndo,
    },
    {
      type: REVOKE_KEYS,
      description: 'Revokes every key pair of the tenant: out of its DID document, private keys destroyed.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        const revoked: string[] = [];
        for (;;) {
          const live = (await services.keys().list(tenantId, { limit: PAGE })).items.filter((key) => key.state !== 'REVOKED');
          if (live.length === 0) return { revoked };
          for (const key of live) {
            await revokeUnlessRevoked(services, tenantId, key.id);
            revoked.push(key.id);
          }
        }
      },
      compensate: nothingToUndo,
    },
    {
      type: PURGE_PARTICIPANT_CONTEXT,
      description: 'Deactivates the tenant\'s participant context and deletes it with every row of it in the control plane.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        const context = await unlessNotFound(services.contexts().get(tenantId));
        if (context && context.state !== 'DEACTIVATED') await services.contexts().setState(tenantId, 'DEACTIVATED');
        return { purged: await services.contexts().purge(tenantId) };
      },
      compensate: nothingToUndo,
    },
    {
      type: PURGE_IDENTITY,
      description: 'Deletes everything the identity hub keeps of the tenant: DID records, key pairs, credentials, offers, replay cache.',
      async execute(ctx) {
        return { purged: await services.identities().purge(tenantIdOf(ctx.input)) };
      },
      compensate: nothingToUndo,
    },
    {
      type: DESTROY_SECRETS,
      description: 'Destroys every secret under the tenant\'s scope in the secret store.',
      async execute(ctx) {
        return { destroyed: await services.secrets().deleteTenant(tenantIdOf(ctx.input)) };
      },
      compensate: nothingToUndo,
    },
  ];
}
