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
    networkPolicies: {
      kind: 'NetworkPolicy',
      read: (name, namespace) => networking.readNamespacedNetworkPolicy({ name, namespace }),
      create: (body, namespace) => networking.createNamespacedNetworkPolicy({ namespace, body }),
      replace: (name, body, namespace) => networking.replaceNamespacedNetworkPolicy({ name, namespace, body }),
    },
    secrets: {
      kind: 'Secret',
      read: (name, namespace) => core.readNamespacedSecret({ name, namespace }),
      create: (body, namespace) => core.createNamespacedSecret({ namespace, body }),
      replace: (name, body, namespace) => core.replaceNamespacedSecret({ name, namespace, body }),
    },
    deployments: {
      kind: 'Deployment',
      read: (name, namespace) => apps.readNamespacedDeployment({ name, namespace }),
      create: (body, namespace) => apps.createNamespacedDeployment({ namespace, body }),
      replace: (name, body, namespace) => apps.replaceNamespacedDeployment({ name, namespace, body }),
    },
    services: {
      kind: 'Service',
      read: (name, namespace) => core.readNamespacedService({ name, namespace }),
      create: (body, namespace) => core.createNamespacedService({ namespace, body }),
      replace: (name, body, namespace) => core.replaceNamespacedService({ name, namespace, body }),
    },
  };
}
