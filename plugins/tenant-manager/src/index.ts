/**
 * @tdss/tenant-manager: the operator's tenant API (Connector Fabric Manager). A tenant is
 * provisioned by a durable workflow — key pair and did:web in the identity hub, participant
 * context in the control plane, a secret in the secret store, infrastructure from the selected
 * provisioner — re-provisioned when its settings change, suspended and resumed by workflows, and
 * terminated by one that leaves nothing of it behind once its retention is over.
 */
import { ContractNegotiations, DataPlanes, ParticipantContexts, TransferProcesses } from '@tdss/control-plane';
import { Dataspaces, DidService, IdentityPurge, KeyService } from '@tdss/identity-hub';
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, HttpServer, type RuntimeInfo, SecretStore, TdssError, unlessNotFound } from '@tdss/sdk';
import { WorkflowActivities, WorkflowOrchestrations, Workflows } from '@tdss/workflow';
import { TenantLookup } from './auth/tenant-lookup.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { provisioningActivities } from './provisioning/provisioning-activities.ts';
import { infrastructureActivities } from './provisioning/infrastructure-activities.ts';
import { dataPlaneActivities } from './provisioning/data-plane-activities.ts';
import { suspensionActivities } from './provisioning/suspension-activities.ts';
import {
  provisionTenantOrchestration,
  reprovisionTenantOrchestration,
  resumeTenantOrchestration,
  suspendTenantOrchestration,
  terminateTenantOrchestration,
} from './provisioning/tenant-orchestrations.ts';
import { type Provisioner, Provisioners } from './provisioner/provisioner.ts';
import { createRetentionSweeper } from './tenant/retention-sweeper.ts';
import type { TenantServices } from './provisioning/tenant-services.ts';
import { terminationActivities } from './provisioning/termination-activities.ts';
import { TenantManagerSettings } from './settings.ts';
import { createTenants } from './tenant/create-tenants.ts';
import { tenantOpenApi } from './tenant/tenant-openapi.ts';
import { createTenantRoutes } from './tenant/tenant-routes.ts';
import { tenantSchema } from './tenant/tenant-schema.ts';

export { TenantManagerSettings } from './settings.ts';
export { TenantLookup } from './auth/tenant-lookup.ts';
export { TENANT_STATES, type Tenant, type TenantState } from './tenant/tenant.ts';
export { PROVISION_TENANT, REPROVISION_TENANT, RESUME_TENANT, SUSPEND_TENANT, TERMINATE_TENANT } from './provisioning/tenant-orchestrations.ts';
export { TenantSettings } from './tenant/tenant-settings.ts';
export { type Issue, schemaIssues } from './tenant/schema-issues.ts';
export {
  type ProvisionedInfrastructure,
  type ProvisionedResource,
  type Provisioner,
  Provisioners,
  type ProvisioningRequest,
} from './provisioner/provisioner.ts';

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description:
    'The operator\'s tenant API: tenants provisioned, re-provisioned, suspended, resumed and terminated by workflows across control plane, identity hub, secret store and a provisioner.',
  settings: TenantManagerSettings,
  // HttpServer also orders start-up so that the HTTP plugin drains before this plugin stops.
  requires: [
    Database,
    Workflows,
    ParticipantContexts,
    TransferProcesses,
    ContractNegotiations,
    DataPlanes,
    KeyService,
    DidService,
    IdentityPurge,
    Dataspaces,
    SecretStore,
    HttpServer,
  ],
  contributes: [DatabaseSchemas, HttpRoutes, WorkflowActivities, WorkflowOrchestrations, TenantLookup],
  register(ctx) {
    const services: TenantServices = {
      db: ctx.lazy(Database),
      contexts: ctx.lazy(ParticipantContexts),
      transfers: ctx.lazy(TransferProcesses),
      negotiations: ctx.lazy(ContractNegotiations),
      dataPlanes: ctx.lazy(DataPlanes),
      keys: ctx.lazy(KeyService),
      dids: ctx.lazy(DidService),
      identities: ctx.lazy(IdentityPurge),
      secrets: ctx.lazy(SecretStore),
      provisioner: () => {
        const selected = provisioners.get(ctx.runtime);
        if (!selected) throw new Error('the tenant manager has not started: no provisioner selected yet');
        return selected;
      },
    };
    ctx.contribute(DatabaseSchemas, tenantSchema());
    const activities = [...provisioningActivities(services), ...infrastructureActivities(services), ...dataPlaneActivities(services), ...suspensionActivities(services), ...terminationActivities(services)];
    for (const activity of activities) ctx.contribute(WorkflowActivities, activity);
    const extras = ctx.settings.extraProvisioningActivities;
    for (const orchestration of [
      provisionTenantOrchestration(extras),
      reprovisionTenantOrchestration(extras),
      suspendTenantOrchestration,
      resumeTenantOrchestration,
      terminateTenantOrchestration,
    ]) {
      ctx.contribute(WorkflowOrchestrations, orchestration);
    }
    const tenants = createTenants(ctx.lazy(Database), ctx.lazy(Workflows), ctx.lazy(Dataspaces));
    ctx.contribute(HttpRoutes, {
      context: 'management',
      router: createTenantRoutes(() => tenants),
      openapi: tenantOpenApi,
    });
    ctx.contribute(TenantLookup, {
      async find(tenantId) {
        const found = await unlessNotFound(tenants.get(tenantId));
        return found && { id: found.tenant.id, state: found.tenant.state };
      },
    });
  },
  start(ctx) {
    provisioners.set(ctx.runtime, selectProvisioner(ctx.contributions(Provisioners), ctx.settings.provisioner));
    const sweeper = createRetentionSweeper({
      db: ctx.get(Database),
      workflows: ctx.get(Workflows),
      retentionMs: ctx.settings.terminatedRetentionSeconds * 1000,
      intervalMs: ctx.settings.retentionSweepIntervalMs,
      logger: ctx.logger,
    });
    sweepers.set(ctx.runtime, sweeper);
    sweeper.start();
  },
  async stop(ctx) {
    await sweepers.get(ctx.runtime)?.stop();
  },
});

/** Per runtime: one process may run several runtimes of this plugin (tests, embedding hosts). */
const provisioners = new WeakMap<RuntimeInfo, Provisioner>();
const sweepers = new WeakMap<RuntimeInfo, ReturnType<typeof createRetentionSweeper>>();

function selectProvisioner(contributed: Provisioner[], name: string): Provisioner {
  const selected = contributed.find((provisioner) => provisioner.name === name);
  if (selected) return selected;
  const names = contributed.map((provisioner) => provisioner.name);
  throw new TdssError(`setting provisioner names "${name}", but no plugin of the profile contributes a provisioner of that name (contributed: ${names.join(', ') || 'none'})`, {
    code: 'TENANT_MANAGER_UNKNOWN_PROVISIONER',
    plugin: PLUGIN_NAME,
    hint: `add the plugin that contributes "${name}" (e.g. @tdss/provisioner-local for "local") to the profile, or set @tdss/tenant-manager's provisioner to one of the contributed names`,
  });
}
