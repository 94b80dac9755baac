import type { V1Service } from '@kubernetes/client-node';
import type { ProvisionerKubernetesSettings } from '../settings.ts';
import { dataPlaneLabels, tenantLabels } from './tenant-labels.ts';
import { OBJECT_NAMES, type TenantInfrastructure } from './tenant-infrastructure.ts';

export function serviceManifest(settings: ProvisionerKubernetesSettings, tenant: TenantInfrastructure): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: OBJECT_NAMES.dataPlane, namespace: tenant.namespace, labels: tenantLabels(tenant.tenantId) },
    spec: {
      type: 'ClusterIP',
      selector: dataPlaneLabels(tenant.tenantId),
      ports: [{ name: 'http', port: settings.dataPlane.port, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/** The DPS base URL of the tenant's data plane, reachable from inside the cluster. */
export function dataPlaneUrl(settings: ProvisionerKubernetesSettings, tenant: TenantInfrastructure): string {
  return `http://${OBJECT_NAMES.dataPlane}.${tenant.namespace}.svc:${settings.dataPlane.port}${settings.dataPlane.signalingPath}`;
}
