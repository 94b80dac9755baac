import type { V1Deployment, V1EnvVar } from '@kubernetes/client-node';
import type { ProvisionerKubernetesSettings } from '../settings.ts';
import { dataPlaneLabels, tenantLabels } from './tenant-labels.ts';
import { OBJECT_NAMES, type TenantInfrastructure } from './tenant-infrastructure.ts';

/** Changes with the Secret's values, so that new values roll the pods (env is read at pod start). */
export const SECRET_DIGEST_ANNOTATION = 'tdss.io/secret-digest';

/**
 * The tenant's data plane; `replicas` is the tenant's while it runs, 0 while suspended.
 * `secretDigest`: a digest of the Secret's values (see secretDigest), never the values.
 */
export function deploymentManifest(
  settings: ProvisionerKubernetesSettings,
  tenant: TenantInfrastructure,
  replicas: number,
  secretDigest: string,
): V1Deployment {
  const env: V1EnvVar[] = [{ name: 'TDSS_TENANT_ID', value: tenant.tenantId }];
  if (tenant.did !== undefined) env.push({ name: 'TDSS_PARTICIPANT_ID', value: tenant.did });
  const podLabels = dataPlaneLabels(tenant.tenantId);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: OBJECT_NAMES.dataPlane, namespace: tenant.namespace, labels: { ...tenantLabels(tenant.tenantId), ...podLabels } },
    spec: {
      replicas,
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels, annotations: { [SECRET_DIGEST_ANNOTATION]: secretDigest } },
        spec: {
          // The data plane has no business with the Kubernetes API.
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'dataplane',
              image: tenant.image,
              ports: [{ name: 'http', containerPort: settings.dataPlane.port, protocol: 'TCP' }],
              env,
              envFrom: [{ secretRef: { name: OBJECT_NAMES.secret } }],
              resources: tenant.resources,
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}
