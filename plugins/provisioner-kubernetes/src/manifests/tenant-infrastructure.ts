/**
 * What one tenant gets: the plugin's data plane settings, overridden by the tenant's
 * `settings.infrastructure` (image, replicas, resources), and the names of its objects.
 */
import { PermanentError } from '@tdss/workflow';
import type { ProvisioningRequest } from '@tdss/tenant-manager';
import { Type } from '@tdss/sdk';
import Value from 'typebox/value';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { DataPlaneResources, type ProvisionerKubernetesSettings } from '../settings.ts';
import { tenantNamespace } from './tenant-names.ts';

/** What a tenant may override; anything else under `settings.infrastructure` is refused. */
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
  const overrides = request.settings.infrastructure ?? {};
  if (!Value.Check(InfrastructureOverrides, overrides)) {
    const issues = [...Value.Errors(InfrastructureOverrides, overrides)].map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new PermanentError(
      `${PLUGIN_NAME}: tenant ${request.tenantId} has invalid settings.infrastructure (${issues.join('; ')}); ` +
        'it may set image, replicas (>= 1) and resources { requests, limits }',
    );
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
