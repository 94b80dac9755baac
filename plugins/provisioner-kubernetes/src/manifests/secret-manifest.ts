import { createHash } from 'node:crypto';
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

/**
 * 16 hex characters of a SHA-256 over the values, for the pod template: new values roll the pods.
 * Cut short and over random keys (the tenant's API key has 256 bits), it tells nothing of them.
 */
export function secretDigest(values: Record<string, string>): string {
  const entries = Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}
