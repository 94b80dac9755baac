/**
 * Read, create and replace for the kinds this plugin makes, one shape for all of them, so that
 * create-or-replace and conflict retries are written once. Cluster-scoped kinds ignore `namespace`.
 */
import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  type KubernetesObject,
  NetworkingV1Api,
  type V1Deployment,
  type V1Namespace,
  type V1NetworkPolicy,
  type V1Secret,
  type V1Service,
} from '@kubernetes/client-node';

export interface ObjectApi<T extends KubernetesObject> {
  readonly kind: string;
  read(name: string, namespace: string): Promise<T>;
  create(body: T, namespace: string): Promise<T>;
  replace(name: string, body: T, namespace: string): Promise<T>;
}

export interface ObjectApis {
  /** Deleting the namespace deletes everything in it: nothing else is ever deleted one by one. */
  namespaces: ObjectApi<V1Namespace> & { delete(name: string): Promise<unknown> };
  networkPolicies: ObjectApi<V1NetworkPolicy>;
  secrets: ObjectApi<V1Secret>;
  deployments: ObjectApi<V1Deployment>;
  services: ObjectApi<V1Service>;
}

export function createObjectApis(config: KubeConfig): ObjectApis {
  const core = config.makeApiClient(CoreV1Api);
  const apps = config.makeApiClient(AppsV1Api);
  const networking = config.makeApiClient(NetworkingV1Api);
  return {
    namespaces: {
      kind: 'Namespace',
      read: (name) => core.readNamespace({ name }),
      create: (body) => core.createNamespace({ body }),
      replace: (name, body) => core.replaceNamespace({ name, body }),
      delete: (name) => core.deleteNamespace({ name }),
    },
    networkPolicies: namespaced('NetworkPolicy', networking, networking.readNamespacedNetworkPolicy, networking.createNamespacedNetworkPolicy, networking.replaceNamespacedNetworkPolicy),
    secrets: namespaced('Secret', core, core.readNamespacedSecret, core.createNamespacedSecret, core.replaceNamespacedSecret),
    deployments: namespaced('Deployment', apps, apps.readNamespacedDeployment, apps.createNamespacedDeployment, apps.replaceNamespacedDeployment),
    services: namespaced('Service', core, core.readNamespacedService, core.createNamespacedService, core.replaceNamespacedService),
  };
}

/** A namespaced kind from the client's read, create and replace calls of it (methods of `client`). */
function namespaced<T extends KubernetesObject, C>(
  kind: string,
  client: C,
  read: (this: C, request: { name: string; namespace: string }) => Promise<T>,
  create: (this: C, request: { namespace: string; body: T }) => Promise<T>,
  replace: (this: C, request: { name: string; namespace: string; body: T }) => Promise<T>,
): ObjectApi<T> {
  return {
    kind,
    read: (name, namespace) => read.call(client, { name, namespace }),
    create: (body, namespace) => create.call(client, { namespace, body }),
    replace: (name, body, namespace) => replace.call(client, { name, namespace, body }),
  };
}
