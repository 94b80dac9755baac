/** The API shapes of a tenant: dates as ISO strings, steps as the workflow reports them. */
import type { OrchestrationView } from '@tdss/workflow';
import type { TenantDetails } from './create-tenants.ts';
import type { Tenant } from './tenant.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toTenantJson(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    state: tenant.state,
    settings: tenant.settings,
    did: tenant.did,
    error: tenant.error,
    orchestrationId: tenant.orchestrationId,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}

export function toTenantDetailsJson({ tenant, orchestration }: TenantDetails) {
  return { ...toTenantJson(tenant), orchestration: orchestration && toOrchestrationJson(orchestration) };
}

function toOrchestrationJson(orchestration: OrchestrationView) {
  return {
    id: orchestration.id,
    name: orchestration.name,
    state: orchestration.state,
    error: orchestration.error,
    steps: orchestration.steps.map((step) => ({
      id: step.id,
      activity: step.activity,
      state: step.state,
      attempts: step.attempts,
      error: step.error,
      // What the step made, e.g. the infrastructure step's ProvisionedInfrastructure.
      output: orchestration.outputs[step.id] ?? null,
      startedAt: iso(step.startedAt),
      finishedAt: iso(step.finishedAt),
      compensatedAt: iso(step.compensatedAt),
    })),
  };
}
