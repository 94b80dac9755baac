import type { ContractNegotiations, DataPlaneRegistry, ParticipantContexts, TransferProcesses } from '@tdss/control-plane';
import type { DidService, IdentityPurge, KeyService } from '@tdss/identity-hub';
import type { Database, SecretStore } from '@tdss/sdk';
import type { Provisioner } from '../provisioner/provisioner.ts';

/** What the activities reach, resolved when a step runs (every plugin has started by then). */
export interface TenantServices {
  db: () => Database;
  contexts: () => ParticipantContexts;
  transfers: () => TransferProcesses;
  negotiations: () => ContractNegotiations;
  /** The control plane's data plane registry: the tenant's dedicated data planes are registered there. */
  dataPlanes: () => DataPlaneRegistry;
  keys: () => KeyService;
  dids: () => DidService;
  identities: () => IdentityPurge;
  secrets: () => SecretStore;
  /** The one the `provisioner` setting names. */
  provisioner: () => Provisioner;
}

/** The tenant's own secret, made at provisioning: the key its tools present to the runtime. */
export const TENANT_SECRET_KEY = 'tenant-manager/api-key';

/** The key id of the tenant's first key pair: a retried step finds the key pair by it. */
export const TENANT_KEY_ID = 'tenant-key-1';

export function tenantIdOf(input: Readonly<Record<string, unknown>>): string {
  return input.tenantId as string;
}
