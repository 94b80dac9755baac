/**
 * The Issuer Metadata API (`GET <IssuerService>/metadata`): one CredentialObject per credential
 * definition. Issuance is decided by the issuer's own attestations, not by presentations of the
 * holder: the issuancePolicy is an empty presentation definition. `offerReason` and
 * `credentialSchema` are left out: there are no offers yet, and no JSON schema constrains the
 * subject.
 */
import { DCP_CONTEXT } from '../dcp/dcp-services.ts';
import type { CredentialDefinitions } from './definitions/create-credential-definitions.ts';
import type { IssuerDeps } from './issuer-deps.ts';
import { issuerDid } from './requests/issuer-did.ts';

export interface CredentialObject {
  id: string;
  type: 'CredentialObject';
  credentialType: string;
  bindingMethods: string[];
  profile: string;
  issuancePolicy: Record<string, unknown>;
}

export interface IssuerMetadata {
  '@context': string[];
  type: 'IssuerMetadata';
  issuer: string;
  credentialsSupported: CredentialObject[];
}

/** Definitions listed at most; an issuer with more has them pages away in its management API. */
const MAX_LISTED = 500;

export async function issuerMetadata(deps: IssuerDeps, definitions: CredentialDefinitions, participantId: string): Promise<IssuerMetadata> {
  const issuer = await issuerDid(deps, definitions, participantId);
  const { items } = await definitions.list(participantId, { limit: MAX_LISTED });
  return {
    '@context': [DCP_CONTEXT],
    type: 'IssuerMetadata',
    issuer,
    credentialsSupported: items.map((definition) => ({
      id: definition.id,
      type: 'CredentialObject',
      credentialType: definition.credentialType,
      bindingMethods: ['did:web'],
      profile: definition.format,
      issuancePolicy: { id: `${definition.id}-policy`, input_descriptors: [] },
    })),
  };
}
