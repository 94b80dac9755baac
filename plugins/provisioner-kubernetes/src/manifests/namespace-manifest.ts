import type { V1Namespace } from '@kubernetes/client-node';
import { TENANT_ANNOTATION, tenantLabels } from './tenant-labels.ts';
import type { TenantInfrastructure } from './tenant-infrastructure.ts';

export function namespaceManifest(tenant: TenantInfrastructure): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: tenant.namespace, labels: tenantLabels(tenant.tenantId), annotations: { [TENANT_ANNOTATION]: tenant.tenantId } },
  };
}
