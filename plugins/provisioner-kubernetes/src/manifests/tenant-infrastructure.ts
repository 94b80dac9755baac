/**
 * What one tenant gets: the plugin's data plane settings, overridden by the tenant's
 * `settings.infrastructure` (image, replicas, resources), and the names of its objects.
 */
import { problems, type Static, Type } from '@tdss/sdk';
import { type ProvisioningRequest, schemaIssues } from '@tdss/tenant-manager';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { DataPlaneResources, type ProvisionerKubernetesSettings } from '../settings.ts';
import { tenantNamespace } from './tenant-names.ts';

/**
 * What a tenant may override; anything else under `settings.infrastructure` is refused with a
 * 400 naming the field, which the tenant manager turns into a step failed for good.
 */
export const InfrastructureOverrides = Type.Object(
  {
    image: Type.Optional(Type.String({ minLength: 1 })),
    replicas: Type.Optional(Type.Integer({ minimum: 1 })),
    resources: Type.Optional(DataPlaneResources),
  },
  { additionalProperties: false },
);

/** Fixed names inside the tenant's namespace: the namespace itself is the tenant's. */
export const OBJECT_NAMES = {
  dataPlane: 'tdss-dataplane',
  secret: 'tdss-dataplane-secrets',
  denyAll: 'tdss-default-deny',
  allowRuntime: 'tdss-allow-runtime',
} as const;

export interface TenantInfrastructure {
  tenantId: string;
  did?: string;
  namespace: string;
  image: string;
  replicas: number;
  resources: DataPlaneResources;
}

export function tenantInfrastructure(settings: ProvisionerKubernetesSettings, request: ProvisioningRequest): TenantInfrastructure {
  const overrides = (request.settings.infrastructure ?? {}) as Static<typeof InfrastructureOverrides>;
  const errors = schemaIssues(InfrastructureOverrides, overrides, 'settings.infrastructure');
  if (errors.length > 0) {
    throw problems.badRequest(`${PLUGIN_NAME}: ${errors.map((e) => `${e.path}: ${e.problem}`).join('; ')}`, { errors });
  }
  return {
    tenantId: request.tenantId,
    ...(request.did === undefined ? {} : { did: request.did }),
    namespace: tenantNamespace(settings.namespacePrefix, request.tenantId),
    image: overrides.image ?? settings.dataPlane.image,
    replicas: overrides.replicas ?? settings.dataPlane.replicas,
    resources: overrides.resources ?? settings.dataPlane.resources,
  };
}
