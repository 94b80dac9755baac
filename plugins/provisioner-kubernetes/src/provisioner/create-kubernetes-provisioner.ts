/**
 * The `kubernetes` provisioner: per tenant a namespace with ingress-deny network policies, a
 * Secret fed from the tenant's SecretStore scope, and a dedicated data plane (Deployment and
 * Service). Every call is idempotent: objects are created or replaced by name, so a retry or a
 * second replica finds what the first made.
 */
import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import type { SecretStore } from '@tdss/sdk';
import type { ProvisionedInfrastructure, ProvisionedResource, Provisioner, ProvisioningRequest } from '@tdss/tenant-manager';
import { PermanentError } from '@tdss/workflow';
import { kubernetesError, statusOf } from '../client/kubernetes-error.ts';
import type { ObjectApis } from '../client/object-api.ts';
import { createOrReplace, modifyObject, readObject } from '../client/object-writes.ts';
import { deploymentManifest } from '../manifests/deployment-manifest.ts';
import { namespaceManifest } from '../manifests/namespace-manifest.ts';
import { networkPolicyManifests } from '../manifests/network-policy-manifests.ts';
import { secretDigest, secretManifest } from '../manifests/secret-manifest.ts';
import { dataPlaneUrl, serviceManifest } from '../manifests/service-manifest.ts';
import { OBJECT_NAMES, tenantInfrastructure } from '../manifests/tenant-infrastructure.ts';
import { tenantNamespace } from '../manifests/tenant-names.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { ProvisionerKubernetesSettings } from '../settings.ts';

/** Set by suspend, so that provisioning again (new settings) does not start a suspended tenant's data plane. */
export const SUSPENDED_ANNOTATION = 'tdss.io/suspended';

export interface KubernetesProvisionerOptions {
  settings: ProvisionerKubernetesSettings;
  apis: ObjectApis;
  secrets: () => SecretStore;
  /** Between two looks at a namespace being deleted. */
  pollIntervalMs?: number;
}

export function createKubernetesProvisioner(options: KubernetesProvisionerOptions): Provisioner {
  const { settings, apis } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;

  async function provision(request: ProvisioningRequest): Promise<ProvisionedInfrastructure> {
    const tenant = tenantInfrastructure(settings, request);
    const secretValues = await readSecretValues(request.tenantId);
    const made: ProvisionedResource[] = [];
    const record = (kind: string, name: string, location?: string) => made.push({ kind, name, ...(location === undefined ? {} : { location }) });

    await createOrReplace(apis.namespaces, namespaceManifest(tenant));
    record('Namespace', tenant.namespace);
    for (const policy of networkPolicyManifests(settings, tenant)) {
      await createOrReplace(apis.networkPolicies, policy);
      record('NetworkPolicy', policy.metadata?.name as string, tenant.namespace);
    }
    await createOrReplace(apis.secrets, secretManifest(tenant, secretValues));
    record('Secret', OBJECT_NAMES.secret, tenant.namespace);
    await createOrReplace(apis.deployments, deploymentManifest(settings, tenant, tenant.replicas, secretDigest(secretValues)), keepSuspension);
    record('Deployment', OBJECT_NAMES.dataPlane, tenant.namespace);
    await createOrReplace(apis.services, serviceManifest(settings, tenant), keepClusterIp);
    record('Service', OBJECT_NAMES.dataPlane, tenant.namespace);

    return { resources: made, dataPlanes: [{ url: dataPlaneUrl(settings, tenant), transferTypes: [...settings.dataPlane.transferTypes] }] };
  }

  /** Values never leave this function but in the Secret's body. */
  async function readSecretValues(tenantId: string): Promise<Record<string, string>> {
    const values: Record<string, string> = {};
    for (const [variable, key] of Object.entries(settings.dataPlane.secretEnv)) {
      const value = await options.secrets().get(tenantId, key);
      if (value === undefined) {
        // Plain error: the step that stores the secret may simply not have run yet.
        throw new Error(`${PLUGIN_NAME}: tenant ${tenantId} has no secret ${key} in the secret store (wanted for ${variable} of its data plane)`);
      }
      values[variable] = value;
    }
    return values;
  }

  function deploymentRef(request: ProvisioningRequest) {
    return { kind: 'Deployment', name: OBJECT_NAMES.dataPlane, namespace: tenantNamespace(settings.namespacePrefix, request.tenantId) };
  }

  async function suspend(request: ProvisioningRequest): Promise<void> {
    // No data plane is a stopped data plane.
    await modifyObject(apis.deployments, deploymentRef(request), (existing) =>
      existing.spec?.replicas === 0 && isSuspended(existing) ? undefined : scaled(existing, 0, true),
    );
  }

  async function resume(request: ProvisioningRequest): Promise<void> {
    const { replicas } = tenantInfrastructure(settings, request);
    const ref = deploymentRef(request);
    const found = await modifyObject(apis.deployments, ref, (existing) =>
      existing.spec?.replicas === replicas && !isSuspended(existing) ? undefined : scaled(existing, replicas, false),
    );
    if (!found) throw new PermanentError(`${PLUGIN_NAME}: cannot resume tenant ${request.tenantId}: there is no Deployment ${ref.namespace}/${ref.name}; provision it again`);
  }

  async function deprovision(request: ProvisioningRequest): Promise<void> {
    const ref = { kind: 'Namespace', name: tenantNamespace(settings.namespacePrefix, request.tenantId) };
    try {
      await apis.namespaces.delete(ref.name);
    } catch (error) {
      // 404: gone already; 409: terminating already (the API server refuses a second deletion).
      const status = statusOf(error);
      if (status !== 404 && status !== 409) throw kubernetesError('delete', ref, error);
    }
    const deadline = Date.now() + settings.deletionTimeoutSeconds * 1_000;
    for (;;) {
      const namespace = await readObject(apis.namespaces, ref);
      if (namespace === undefined) return;
      if (Date.now() >= deadline) {
        // Finalizers of the objects inside may take long; the workflow retries, and a later look finds it gone.
        throw new Error(
          `${PLUGIN_NAME}: Namespace ${ref.name} is still ${namespace.status?.phase ?? 'there'} ${settings.deletionTimeoutSeconds}s after its deletion`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }

  return {
    name: 'kubernetes',
    description: 'A namespace, network policies, a secret and a dedicated data plane (Deployment and Service) per tenant, in Kubernetes.',
    provision,
    suspend,
    resume,
    deprovision,
  };
}

function isSuspended(deployment: V1Deployment): boolean {
  return deployment.metadata?.annotations?.[SUSPENDED_ANNOTATION] === 'true';
}

function scaled(deployment: V1Deployment, replicas: number, suspended: boolean): V1Deployment {
  const { [SUSPENDED_ANNOTATION]: _dropped, ...annotations } = deployment.metadata?.annotations ?? {};
  return {
    ...deployment,
    metadata: { ...deployment.metadata, annotations: suspended ? { ...annotations, [SUSPENDED_ANNOTATION]: 'true' } : annotations },
    spec: { ...(deployment.spec as NonNullable<V1Deployment['spec']>), replicas },
  };
}

/** A suspended tenant stays suspended when provisioned again: only resume starts its data plane. */
function keepSuspension(existing: V1Deployment, desired: V1Deployment): V1Deployment {
  return isSuspended(existing) ? scaled(desired, 0, true) : desired;
}

/** The cluster IP is the server's and immutable: a replace must repeat it. */
function keepClusterIp(existing: V1Service, desired: V1Service): V1Service {
  const { clusterIP, clusterIPs } = existing.spec ?? {};
  return { ...desired, spec: { ...desired.spec, ...(clusterIP === undefined ? {} : { clusterIP }), ...(clusterIPs === undefined ? {} : { clusterIPs }) } };
}
