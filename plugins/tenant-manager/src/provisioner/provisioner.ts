/**
 * The contract of a provisioner: what a tenant needs outside the runtime's own tables (a
 * namespace, a dedicated data plane, a storage folder, ...), made and removed by the tenant's
 * workflows. `@tdss/provisioner-local` keeps everything in this runtime;
 * `@tdss/provisioner-kubernetes` creates Kubernetes objects. The tenant manager picks one by
 * name (its `provisioner` setting) and calls it from workflow activities, so every call may be a
 * retry or a replica resuming another's work: each method must be idempotent.
 */
import { createExtensionPoint } from '@tdss/sdk';

export interface ProvisioningRequest {
  tenantId: string;
  /** The tenant's display name. */
  name: string;
  /** The tenant's DID, once the identity step made it. */
  did?: string;
  /** The tenant's settings as the operator last set them (POST or PATCH). */
  settings: Readonly<Record<string, unknown>>;
}

/** One thing a provisioner made, shown to the operator in the tenant's provisioning step. */
export interface ProvisionedResource {
  /** e.g. `Namespace`, `Deployment`, `Folder`. */
  kind: string;
  name: string;
  /** Where it lives when the kind has a scope (a namespace, a data folder). */
  location?: string;
}

export interface ProvisionedInfrastructure {
  resources: ProvisionedResource[];
  /**
   * Data planes dedicated to this tenant, to be registered with the control plane for its
   * participant context: the DPS base URL of each and the transfer types it serves. Empty when
   * the tenant uses the runtime's shared data planes.
   */
  dataPlanes: Array<{ url: string; transferTypes: string[] }>;
}

export interface Provisioner {
  /** What the tenant manager's `provisioner` setting names, e.g. `local` or `kubernetes`. */
  readonly name: string;
  readonly description: string;
  /** Makes (or finds, on a retry) everything the tenant needs; brings it in line with `settings`. */
  provision(request: ProvisioningRequest): Promise<ProvisionedInfrastructure>;
  /** Stops the tenant's workloads without deleting them (suspend). Stopped already is done. */
  suspend(request: ProvisioningRequest): Promise<void>;
  /** Starts them again (resume). Running already is done. */
  resume(request: ProvisioningRequest): Promise<void>;
  /** Removes everything `provision` made for the tenant. Gone already is done. */
  deprovision(request: ProvisioningRequest): Promise<void>;
}

export const Provisioners = createExtensionPoint<Provisioner>('tdss.Provisioners', {
  description: 'Provisioners of tenant infrastructure (local, kubernetes, ...); the tenant manager uses the one its settings name.',
});
