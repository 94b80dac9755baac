/**
 * The orchestrations of a tenant's life. Their `onEnd` hooks move the tenant in the transaction
 * that ends the orchestration, so its state never disagrees with the workflow's; each moves only
 * a tenant still in the state the orchestration began it in (a DELETE may have moved it on).
 */
import type { EntityManager } from '@mikro-orm/core';
import { REQUEST_CREDENTIALS } from '@tdss/identity-hub';
import { defineOrchestration, type OrchestrationDefinition, type OrchestrationEnd, type StepDefinition } from '@tdss/workflow';
import { TenantEntity, type TenantState } from '../tenant/tenant.ts';
import {
  DEPROVISION_INFRASTRUCTURE,
  PROVISION_INFRASTRUCTURE,
  REPROVISION_INFRASTRUCTURE,
  RESUME_INFRASTRUCTURE,
  SUSPEND_INFRASTRUCTURE,
} from './infrastructure-activities.ts';
import { DEREGISTER_DATA_PLANES, REGISTER_DATA_PLANES } from './data-plane-activities.ts';
import { CREATE_IDENTITY, CREATE_PARTICIPANT_CONTEXT } from './provisioning-activities.ts';
import { RESUME_TRANSFERS, SUSPEND_TRANSFERS, SWITCH_CONTEXT } from './suspension-activities.ts';
import { DESTROY_SECRETS, PURGE_IDENTITY, PURGE_PARTICIPANT_CONTEXT, REVOKE_KEYS, STOP_LIVE_WORK } from './termination-activities.ts';

export const PROVISION_TENANT = 'provision-tenant';
export const REPROVISION_TENANT = 'reprovision-tenant';
export const SUSPEND_TENANT = 'suspend-tenant';
export const RESUME_TENANT = 'resume-tenant';
export const TERMINATE_TENANT = 'terminate-tenant';

export const provisionId = (tenantId: string) => `provision:${tenantId}`;

/** Appends the configured extra activities in a chain, the first after every built-in step no other step waits for. */
function withExtras(steps: StepDefinition[], extraActivities: readonly string[]): StepDefinition[] {
  const awaited = new Set(steps.flatMap((step) => step.dependsOn ?? []));
  let last = steps.filter((step) => !awaited.has(step.id)).map((step) => step.id);
  extraActivities.forEach((activity, index) => {
    const id = `extra-${index + 1}`;
    steps.push({ id, activity, dependsOn: last });
    last = [id];
  });
  return steps;
}

/** Moves a tenant still `from` to `completed` or, when the orchestration failed or was cancelled, `failed` with the cause. */
async function moveTenant(
  em: EntityManager,
  end: OrchestrationEnd,
  from: TenantState,
  completed: TenantState,
  failed: TenantState,
  changes: Record<string, unknown> = {},
): Promise<void> {
  const ok = end.state === 'COMPLETED';
  await em.nativeUpdate(
    TenantEntity,
    { id: end.correlationId!, state: from },
    { state: ok ? completed : failed, error: ok ? null : end.error, updatedAt: new Date(), ...changes },
  );
}

/**
 * identity (key pair, did:web, tenant secret) → context, then in parallel the credentials its
 * dataspaces require (DCP issuance, which may wait on an issuer) and infrastructure → its
 * dedicated data planes registered; then the configured extra activities.
 */
export function provisionTenantOrchestration(extraActivities: readonly string[]): OrchestrationDefinition {
  return defineOrchestration({
    name: PROVISION_TENANT,
    description:
      'Creates a tenant: key pair, did:web and tenant secret, participant context, the credentials of its dataspaces, infrastructure, and any configured extra steps.',
    activities: withExtras(
      [
        { id: 'identity', activity: CREATE_IDENTITY },
        { id: 'context', activity: CREATE_PARTICIPANT_CONTEXT, dependsOn: ['identity'] },
        { id: 'credentials', activity: REQUEST_CREDENTIALS, dependsOn: ['context'] },
        { id: 'infrastructure', activity: PROVISION_INFRASTRUCTURE, dependsOn: ['context'] },
        { id: 'data-planes', activity: REGISTER_DATA_PLANES, dependsOn: ['infrastructure'] },
      ],
      extraActivities,
    ),
    async onEnd(end, em) {
      const did = (end.outputs.identity as { did?: string } | undefined)?.did ?? null;
      await moveTenant(em, end, 'PROVISIONING', 'ACTIVE', 'FAILED', { did: end.state === 'COMPLETED' ? did : null });
    },
  });
}

/**
 * After a PATCH of `dataspaces` or `infrastructure`: the infrastructure brought in line, then the
 * extra activities again (e.g. credentials of a newly joined dataspace). A failure provisions the
 * earlier settings again and puts them back on the tenant, which ends FAILED with the cause.
 */
export function reprovisionTenantOrchestration(extraActivities: readonly string[]): OrchestrationDefinition {
  return defineOrchestration({
    name: REPROVISION_TENANT,
    description: 'Re-provisions a tenant whose settings changed: credentials and infrastructure, then the configured extra steps.',
    activities: withExtras(
      [
        { id: 'credentials', activity: REQUEST_CREDENTIALS },
        { id: 'infrastructure', activity: REPROVISION_INFRASTRUCTURE },
        { id: 'data-planes', activity: REGISTER_DATA_PLANES, dependsOn: ['infrastructure'] },
      ],
      extraActivities,
    ),
    async onEnd(end, em) {
      const restore = end.state === 'COMPLETED' ? {} : { settings: end.input.previousSettings };
      await moveTenant(em, end, 'PROVISIONING', 'ACTIVE', 'FAILED', restore);
    },
  });
}

/** Context closed first (no new work), then running transfers suspended, then the workloads stopped. Undone as a whole on failure. */
export const suspendTenantOrchestration = defineOrchestration({
  name: SUSPEND_TENANT,
  description: 'Suspends a tenant: participant context deactivated, its running transfers suspended, its workloads stopped.',
  activities: [
    { id: 'context', activity: SWITCH_CONTEXT, input: { state: 'DEACTIVATED' } },
    { id: 'transfers', activity: SUSPEND_TRANSFERS, dependsOn: ['context'] },
    { id: 'infrastructure', activity: SUSPEND_INFRASTRUCTURE, dependsOn: ['transfers'] },
  ],
  async onEnd(end, em) {
    await moveTenant(em, end, 'SUSPENDING', 'SUSPENDED', 'ACTIVE');
  },
});

/** The reverse order: workloads first, then the context, then the transfers the suspension suspended. */
export const resumeTenantOrchestration = defineOrchestration({
  name: RESUME_TENANT,
  description: 'Resumes a suspended tenant: workloads started, participant context activated, the transfers its suspension suspended resumed.',
  activities: [
    { id: 'infrastructure', activity: RESUME_INFRASTRUCTURE },
    { id: 'context', activity: SWITCH_CONTEXT, dependsOn: ['infrastructure'], input: { state: 'ACTIVATED' } },
    { id: 'transfers', activity: RESUME_TRANSFERS, dependsOn: ['context'] },
  ],
  async onEnd(end, em) {
    await moveTenant(em, end, 'RESUMING', 'ACTIVE', 'SUSPENDED');
  },
});

export const terminateTenantOrchestration = defineOrchestration({
  name: TERMINATE_TENANT,
  description: 'Removes a tenant: live work stopped, keys revoked, control plane and identity hub purged, infrastructure removed, then every secret destroyed.',
  activities: [
    { id: 'live-work', activity: STOP_LIVE_WORK },
    { id: 'keys', activity: REVOKE_KEYS, dependsOn: ['live-work'] },
    { id: 'data-planes', activity: DEREGISTER_DATA_PLANES, dependsOn: ['live-work'] },
    { id: 'context', activity: PURGE_PARTICIPANT_CONTEXT, dependsOn: ['keys', 'data-planes'] },
    { id: 'identity', activity: PURGE_IDENTITY, dependsOn: ['keys'] },
    { id: 'infrastructure', activity: DEPROVISION_INFRASTRUCTURE, dependsOn: ['context', 'identity'] },
    // Last: the secret store holds what the steps before may still need (private keys, credentials of the provisioner).
    { id: 'secrets', activity: DESTROY_SECRETS, dependsOn: ['infrastructure'] },
  ],
  async onEnd(end, em) {
    await moveTenant(em, end, 'TERMINATING', 'TERMINATED', 'FAILED');
  },
});
