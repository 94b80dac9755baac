/**
 * The steps of terminating a tenant, the reverse of provisioning. Each is idempotent; none can
 * be undone (a deleted context or a destroyed secret does not come back), so their
 * compensations do nothing and a failed termination leaves the tenant FAILED, to be deleted again.
 */
import type { WorkflowActivity } from '@tdss/workflow';
import { removeParticipantContext, revokeUnlessRevoked } from './provisioning-activities.ts';
import { type TenantServices, tenantIdOf } from './tenant-services.ts';

export const DELETE_PARTICIPANT_CONTEXT = 'tenant.delete-participant-context';
export const REVOKE_KEYS = 'tenant.revoke-keys';
export const DESTROY_SECRETS = 'tenant.destroy-secrets';

const nothingToUndo = async () => undefined;

export function terminationActivities(services: TenantServices): WorkflowActivity[] {
  return [
    {
      type: DELETE_PARTICIPANT_CONTEXT,
      description: 'Deactivates (closing its DSP endpoints) and deletes the tenant\'s participant context.',
      async execute(ctx) {
        await removeParticipantContext(services, tenantIdOf(ctx.input));
        return {};
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
          const live = (await services.keys().list(tenantId, { limit: 500 })).items.filter((key) => key.state !== 'REVOKED');
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
      type: DESTROY_SECRETS,
      description: 'Destroys every secret under the tenant\'s scope in the secret store.',
      async execute(ctx) {
        return { destroyed: await services.secrets().deleteTenant(tenantIdOf(ctx.input)) };
      },
      compensate: nothingToUndo,
    },
  ];
}
