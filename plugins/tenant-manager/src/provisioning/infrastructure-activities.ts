/**
 * The steps that call the selected provisioner. The provisioning request is read from the tenant
 * row when the step runs, so a re-provisioning hands over the settings the operator last set.
 * A 4xx problem of a provisioner (e.g. a bad `settings.infrastructure`) fails the step for good:
 * retrying cannot fix the operator's input.
 */
import { ProblemError } from '@tdss/sdk';
import { type ActivityContext, PermanentError, type WorkflowActivity } from '@tdss/workflow';
import type { ProvisioningRequest } from '../provisioner/provisioner.ts';
import { TenantEntity } from '../tenant/tenant.ts';
import { type TenantServices, tenantIdOf } from './tenant-services.ts';

export const PROVISION_INFRASTRUCTURE = 'tenant.provision-infrastructure';
export const REPROVISION_INFRASTRUCTURE = 'tenant.reprovision-infrastructure';
export const SUSPEND_INFRASTRUCTURE = 'tenant.suspend-infrastructure';
export const RESUME_INFRASTRUCTURE = 'tenant.resume-infrastructure';
export const DEPROVISION_INFRASTRUCTURE = 'tenant.deprovision-infrastructure';

/** The tenant as the provisioner sees it; `settings` replaces the row's (a compensation's earlier settings). */
export async function provisioningRequest(services: TenantServices, ctx: ActivityContext, settings?: Record<string, unknown>): Promise<ProvisioningRequest> {
  const tenantId = tenantIdOf(ctx.input);
  const tenant = await services.db().em().findOne(TenantEntity, { id: tenantId });
  const did = (ctx.outputs.identity as { did?: string } | undefined)?.did ?? tenant?.did ?? undefined;
  return {
    tenantId,
    name: tenant?.name ?? (ctx.input.name as string),
    ...(did ? { did } : {}),
    settings: settings ?? tenant?.settings ?? {},
  };
}

async function call<T>(services: TenantServices, work: (provisioner: ReturnType<TenantServices['provisioner']>) => Promise<T>): Promise<T> {
  const provisioner = services.provisioner();
  try {
    return await work(provisioner);
  } catch (error) {
    if (error instanceof ProblemError && error.status >= 400 && error.status < 500) {
      throw new PermanentError(`provisioner ${provisioner.name}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

export function infrastructureActivities(services: TenantServices): WorkflowActivity[] {
  const request = (ctx: ActivityContext, settings?: Record<string, unknown>) => provisioningRequest(services, ctx, settings);
  return [
    {
      type: PROVISION_INFRASTRUCTURE,
      description: 'Has the selected provisioner make the tenant\'s infrastructure; outputs what it made (ProvisionedInfrastructure).',
      execute: async (ctx) => call(services, async (p) => p.provision(await request(ctx))),
      compensate: async (ctx) => call(services, async (p) => p.deprovision(await request(ctx))),
    },
    {
      type: REPROVISION_INFRASTRUCTURE,
      description: 'Brings the tenant\'s infrastructure in line with its changed settings; undone by provisioning the earlier settings again.',
      execute: async (ctx) => call(services, async (p) => p.provision(await request(ctx))),
      async compensate(ctx) {
        await call(services, async (p) => p.provision(await request(ctx, ctx.input.previousSettings as Record<string, unknown>)));
      },
    },
    {
      type: SUSPEND_INFRASTRUCTURE,
      description: 'Has the provisioner stop the tenant\'s workloads.',
      execute: async (ctx) => call(services, async (p) => p.suspend(await request(ctx)).then(() => ({ suspended: true }))),
      compensate: async (ctx) => call(services, async (p) => p.resume(await request(ctx))),
    },
    {
      type: RESUME_INFRASTRUCTURE,
      description: 'Has the provisioner start the tenant\'s workloads again.',
      execute: async (ctx) => call(services, async (p) => p.resume(await request(ctx)).then(() => ({ resumed: true }))),
      compensate: async (ctx) => call(services, async (p) => p.suspend(await request(ctx))),
    },
    {
      type: DEPROVISION_INFRASTRUCTURE,
      description: 'Has the provisioner remove everything it made for the tenant.',
      execute: async (ctx) => call(services, async (p) => p.deprovision(await request(ctx)).then(() => ({ deprovisioned: true }))),
      // Removed infrastructure does not come back: a failed termination is retried with another DELETE.
      compensate: async () => undefined,
    },
  ];
}
