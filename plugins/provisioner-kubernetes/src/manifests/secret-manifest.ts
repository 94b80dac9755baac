import type { V1Secret } from '@kubernetes/client-node';
import { tenantLabels } from './tenant-labels.ts';
import { OBJECT_NAMES, type TenantInfrastructure } from './tenant-infrastructure.ts';

/** `values`: environment variable name -> secret value, read from the tenant's SecretStore scope. */
export function secretManifest(tenant: TenantInfrastructure, values: Record<string, string>): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: OBJECT_NAMES.secret, namespace: tenant.namespace, labels: tenantLabels(tenant.tenantId) },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Buffer.from(value, 'utf8').toString('base64')])),
  };
}
