/**
 * Ingress to the tenant's namespace is denied but for the runtime (which signals the data plane)
 * and the operator's extra peers (an ingress controller for pulling consumers). Egress stays
 * open: the data plane fetches from sources and pushes to destinations anywhere.
 */
import type { V1NetworkPolicy, V1NetworkPolicyPeer } from '@kubernetes/client-node';
import type { ProvisionerKubernetesSettings } from '../settings.ts';
import { dataPlaneLabels, tenantLabels } from './tenant-labels.ts';
import { OBJECT_NAMES, type TenantInfrastructure } from './tenant-infrastructure.ts';

export function networkPolicyManifests(settings: ProvisionerKubernetesSettings, tenant: TenantInfrastructure): V1NetworkPolicy[] {
  const metadata = (name: string) => ({ name, namespace: tenant.namespace, labels: tenantLabels(tenant.tenantId) });
  const runtime: V1NetworkPolicyPeer = {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': settings.runtimeNamespace } },
    podSelector: { matchLabels: settings.runtimePodLabels },
  };
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(OBJECT_NAMES.denyAll),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(OBJECT_NAMES.allowRuntime),
      spec: {
        podSelector: { matchLabels: dataPlaneLabels(tenant.tenantId) },
        policyTypes: ['Ingress'],
        // `_from`: the client's name for `from`, which its serializer renames; a plain `from` would be dropped.
        ingress: [{ _from: [runtime, ...(settings.additionalIngress as V1NetworkPolicyPeer[])], ports: [{ protocol: 'TCP', port: settings.dataPlane.port }] }],
      },
    },
  ];
}

