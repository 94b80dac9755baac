/**
 * @tdss/provisioner-kubernetes: the tenant manager's `kubernetes` provisioner. Each tenant gets a
 * namespace, network policies that let only the runtime in, a Secret from its SecretStore scope
 * and a dedicated data plane, all made through the Kubernetes API.
 */
import { definePlugin, SecretStore } from '@tdss/sdk';
import { Provisioners } from '@tdss/tenant-manager';
import { createKubeConfig } from './client/create-kube-config.ts';
import { createObjectApis } from './client/object-api.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { createKubernetesProvisioner } from './provisioner/create-kubernetes-provisioner.ts';
import { ProvisionerKubernetesSettings } from './settings.ts';

export { ProvisionerKubernetesSettings } from './settings.ts';
export { createKubernetesProvisioner, type KubernetesProvisionerOptions } from './provisioner/create-kubernetes-provisioner.ts';

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'Provisions each tenant a Kubernetes namespace, network policies, a secret and a dedicated data plane.',
  settings: ProvisionerKubernetesSettings,
  requires: [SecretStore],
  contributes: [Provisioners],
  register(ctx) {
    const config = createKubeConfig(ctx.settings);
    ctx.contribute(
      Provisioners,
      createKubernetesProvisioner({ settings: ctx.settings, apis: createObjectApis(config), secrets: ctx.lazy(SecretStore) }),
    );
    // The server only: the user entry may hold a token.
    ctx.logger.info({ server: config.getCurrentCluster()?.server }, 'provisioning tenants in Kubernetes');
  },
});
