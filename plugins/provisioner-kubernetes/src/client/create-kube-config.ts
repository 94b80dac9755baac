/**
 * Where the Kubernetes API is: an explicit server (tests, a cluster without kubeconfig), a
 * kubeconfig file, the pod's service account, or the user's default kubeconfig, in that order.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { ProvisionerKubernetesSettings } from '../settings.ts';

type ConnectionSettings = Pick<ProvisionerKubernetesSettings, 'kubeconfig' | 'server' | 'token' | 'caFile'>;

export function createKubeConfig(settings: ConnectionSettings): KubeConfig {
  const config = new KubeConfig();
  if (settings.server !== undefined) {
    config.loadFromClusterAndUser(
      { name: 'tdss', server: settings.server, skipTLSVerify: false, ...(settings.caFile === undefined ? {} : { caFile: settings.caFile }) },
      { name: 'tdss', ...(settings.token === undefined ? {} : { token: settings.token }) },
    );
  } else if (settings.kubeconfig !== undefined) {
    config.loadFromFile(settings.kubeconfig);
  } else if (process.env.KUBERNETES_SERVICE_HOST) {
    config.loadFromCluster();
  } else {
    config.loadFromDefault();
  }
  return config;
}
