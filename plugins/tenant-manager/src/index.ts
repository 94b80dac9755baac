/**
 * @tdss/tenant-manager: the operator's tenant API (Connector Fabric Manager). A tenant is
 * provisioned by a durable workflow — key pair and did:web in the identity hub, participant
 * context in the control plane, a secret in the secret store — and terminated by the reverse.
 */
import { ParticipantContexts } from '@tdss/control-plane';
import { DidService, KeyService } from '@tdss/identity-hub';
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, HttpServer, SecretStore, unlessNotFound } from '@tdss/sdk';
import { WorkflowActivities, WorkflowOrchestrations, Workflows } from '@tdss/workflow';
import { TenantLookup } from './auth/tenant-lookup.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { provisioningActivities } from './provisioning/provisioning-activities.ts';
import { provisionTenantOrchestration, terminateTenantOrchestration } from './provisioning/tenant-orchestrations.ts';
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
export { PROVISION_TENANT, TERMINATE_TENANT } from './provisioning/tenant-orchestrations.ts';
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
  description: 'The operator\'s tenant API: tenants provisioned and terminated by workflows across control plane, identity hub and secret store.',
  settings: TenantManagerSettings,
  // HttpServer also orders start-up so that the HTTP plugin drains before this plugin stops.
  requires: [Database, Workflows, ParticipantContexts, KeyService, DidService, SecretStore, HttpServer],
  contributes: [DatabaseSchemas, HttpRoutes, WorkflowActivities, WorkflowOrchestrations, TenantLookup],
  register(ctx) {
    const services: TenantServices = {
      contexts: ctx.lazy(ParticipantContexts),
      keys: ctx.lazy(KeyService),
      dids: ctx.lazy(DidService),
      secrets: ctx.lazy(SecretStore),
    };
    ctx.contribute(DatabaseSchemas, tenantSchema());
    for (const activity of [...provisioningActivities(services), ...terminationActivities(services)]) ctx.contribute(WorkflowActivities, activity);
    ctx.contribute(WorkflowOrchestrations, provisionTenantOrchestration(ctx.settings.extraProvisioningActivities));
    ctx.contribute(WorkflowOrchestrations, terminateTenantOrchestration);
    const tenants = createTenants(ctx.lazy(Database), ctx.lazy(Workflows), services.contexts);
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
});
