import { createServiceToken } from '@tdss/sdk';

/** A dataspace this runtime's identity hub is configured for (its `dataspaces` setting). */
export interface DataspaceInfo {
  name: string;
  /** Credential types every counterparty must present; a member needs them too. */
  requiredCredentialTypes: readonly string[];
  /** Issuers trusted there, by DID, with the types each is trusted for. */
  trustedIssuers: ReadonlyArray<{ did: string; credentialTypes: readonly string[] }>;
}

/** What other plugins (the tenant manager, issuers) read of the configured dataspaces. */
export interface Dataspaces {
  /** In settings order. */
  list(): readonly DataspaceInfo[];
}

export const Dataspaces = createServiceToken<Dataspaces>('tdss.Dataspaces', {
  description: 'The dataspaces the identity hub is configured for: names, required credential types, trusted issuers.',
  providedBy: ['@tdss/identity-hub'],
});
