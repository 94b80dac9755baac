/**
 * The two orchestrations of a tenant's life. Their `onEnd` hooks move the tenant in the
 * transaction that ends the orchestration, so its state never disagrees with the workflow's.
 */
import { defineOrchestration, type OrchestrationDefinition, type StepDefinition } from '@tdss/workflow';
import { TenantEntity } from '../tenant/tenant.ts';
import { CREATE_IDENTITY, CREATE_PARTICIPANT_CONTEXT, STORE_TENANT_SECRET } from './provisioning-activities.ts';
import { DELETE_PARTICIPANT_CONTEXT, DESTROY_SECRETS, REVOKE_KEYS } from './termination-activities.ts';

export const PROVISION_TENANT = 'provision-tenant';
export const TERMINATE_TENANT = 'terminate-tenant';

export const provisionId = (tenantId: string) => `provision:${tenantId}`;

/** Built-in steps in a chain (each needs the one before), then the configured extra activities. */
export function provisionTenantOrchestration(extraActivities: readonly string[]): OrchestrationDefinition {
  const steps: StepDefinition[] = [
    { id: 'identity', activity: CREATE_IDENTITY },
    { id: 'context', activity: CREATE_PARTICIPANT_CONTEXT, dependsOn: ['identity'] },
    { id: 'secret', activity: STORE_TENANT_SECRET, dependsOn: ['context'] },
  ];
  extraActivities.forEach((activity, index) => steps.push({ id: `extra-${index + 1}`, activity, dependsOn: [steps.at(-1)!.id] }));
  return defineOrchestration({
    name: PROVISION_TENANT,
    description: 'Creates a tenant: key pair and did:web, participant context, tenant secret, and any configured extra steps.',
    activities: steps,
    async onEnd(end, em) {
      const completed = end.state === 'COMPLETED';
      const did = (end.outputs.identity as { did?: string } | undefined)?.did ?? null;
      // Only a tenant still provisioning: a DELETE may have moved it on meanwhile.
      await em.nativeUpdate(
        TenantEntity,
        { id: end.correlationId!, state: 'PROVISIONING' },
        { state: completed ? 'ACTIVE' : 'FAILED', error: completed ? null : end.error, did: completed ? did : null, updatedAt: new Date() },
      );
    },
  });
}

export const terminateTenantOrchestration = defineOrchestration({
  name: TERMINATE_TENANT,
  description: 'Removes a tenant: participant context deactivated and deleted, keys revoked, then every secret destroyed.',
  activities: [
    { id: 'context', activity: DELETE_PARTICIPANT_CONTEXT },
    { id: 'keys', activity: REVOKE_KEYS },
    // Last: revoking a key destroys its private key in the secret store itself.
    { id: 'secrets', activity: DESTROY_SECRETS, dependsOn: ['context', 'keys'] },
  ],
  async onEnd(end, em) {
    const completed = end.state === 'COMPLETED';
    await em.nativeUpdate(
      TenantEntity,
      { id: end.correlationId!, state: 'TERMINATING' },
      { state: completed ? 'TERMINATED' : 'FAILED', error: completed ? null : end.error, updatedAt: new Date() },
    );
  },
});
