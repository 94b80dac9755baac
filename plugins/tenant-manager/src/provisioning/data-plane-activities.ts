/**
 * The tenant's dedicated data planes (what the provisioner returned in `dataPlanes`) registered
 * with the control plane for its participant context, through the control plane's `DataPlanes`.
 * The registrations this plugin makes carry the label `tenant-manager` and an id derived from the
 * tenant and the URL, so a retry registers the same ones again (replace semantics) and a
 * re-provisioning brings the set in line: new URLs registered, gone ones deregistered, others'
 * registrations (an operator's) left alone. The set before the step is recorded, so a
 * compensation puts it back (none, for a first provisioning); termination deregisters them.
 */
import { createHash } from 'node:crypto';
import type { DataPlaneInfo } from '@tdss/control-plane';
import { ProblemError, unlessNotFound } from '@tdss/sdk';
import { type ActivityContext, PermanentError, type WorkflowActivity } from '@tdss/workflow';
import type { ProvisionedInfrastructure } from '../provisioner/provisioner.ts';
import { type TenantServices, tenantIdOf } from './tenant-services.ts';

export const REGISTER_DATA_PLANES = 'tenant.register-data-planes';
export const DEREGISTER_DATA_PLANES = 'tenant.deregister-data-planes';

/** Marks the registrations this plugin owns. */
export const DATA_PLANE_LABEL = 'tenant-manager';

interface Registration {
  id: string;
  endpoint: string;
  profiles: string[];
}

const PAGE = 100;

export function dataPlaneIdOf(tenantId: string, url: string): string {
  return `tenant-${tenantId}-${createHash('sha256').update(url.replace(/\/+$/, '')).digest('hex').slice(0, 12)}`;
}

export function dataPlaneActivities(services: TenantServices): WorkflowActivity[] {
  /** The tenant's registrations made by this plugin. */
  const owned = async (tenantId: string): Promise<Registration[]> => {
    const found: DataPlaneInfo[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await services.dataPlanes().list({ offset, limit: PAGE, participantContextId: tenantId });
      found.push(...page.items);
      if (offset + PAGE >= page.total) break;
    }
    return found.filter((info) => info.labels.includes(DATA_PLANE_LABEL)).map(({ id, endpoint, profiles }) => ({ id, endpoint, profiles }));
  };

  /** Registers `wanted` (again: replace semantics) and deregisters this plugin's others. */
  const bringInLine = async (tenantId: string, wanted: Registration[]) => {
    const planes = services.dataPlanes();
    for (const registration of wanted) {
      try {
        await planes.register({ dataplaneId: registration.id, endpoint: registration.endpoint, profiles: registration.profiles, labels: [DATA_PLANE_LABEL] }, tenantId);
      } catch (error) {
        // A URL or profile list the control plane refuses cannot get better by trying again.
        if (error instanceof ProblemError && error.status >= 400 && error.status < 500) throw new PermanentError(`data plane ${registration.endpoint}: ${error.message}`, { cause: error });
        throw error;
      }
    }
    const keep = new Set(wanted.map((registration) => registration.id));
    const removed: string[] = [];
    for (const registration of await owned(tenantId)) {
      if (keep.has(registration.id)) continue;
      await unlessNotFound(planes.unregister(registration.id, tenantId));
      removed.push(registration.id);
    }
    return { registered: [...keep], deregistered: removed };
  };

  const previousOf = async (ctx: ActivityContext, tenantId: string) => {
    const recorded = await ctx.recorded<Registration[]>('previous');
    return recorded ? recorded.value : ctx.record('previous', await owned(tenantId));
  };

  return [
    {
      type: REGISTER_DATA_PLANES,
      description: 'Registers the tenant\'s dedicated data planes (the infrastructure step\'s `dataPlanes`) with the control plane for its participant context, and deregisters the ones it no longer has.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        const infrastructure = ctx.outputs.infrastructure as ProvisionedInfrastructure | undefined;
        const wanted = (infrastructure?.dataPlanes ?? []).map(({ url, transferTypes }) => ({ id: dataPlaneIdOf(tenantId, url), endpoint: url, profiles: transferTypes }));
        // A first provisioning that gets no dedicated data plane has nothing to record or undo: a
        // new tenant owns no registration (an earlier attempt of this step would have wanted none
        // too). This keeps the common case, tenants on the shared data planes, free of statements.
        if (wanted.length === 0 && ctx.input.previousSettings === undefined) return { registered: [], deregistered: [] };
        await previousOf(ctx, tenantId);
        return bringInLine(tenantId, wanted);
      },
      async compensate(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        const previous = await ctx.recorded<Registration[]>('previous');
        await bringInLine(tenantId, previous?.value ?? []);
      },
    },
    {
      type: DEREGISTER_DATA_PLANES,
      description: 'Deregisters the tenant\'s dedicated data planes from the control plane.',
      async execute(ctx) {
        const tenantId = tenantIdOf(ctx.input);
        if (!(await unlessNotFound(services.contexts().get(tenantId)))) return { deregistered: [] };
        return { deregistered: (await bringInLine(tenantId, [])).deregistered };
      },
      // Deregistered data planes are registered again by the next provisioning, not by an undo.
      compensate: async () => undefined,
    },
  ];
}
