/**
 * The Issuer Metadata API (`GET <IssuerService>/metadata`): one CredentialObject per credential
 * definition, with every member DCP 1.0 makes optional, since the metadata MUST carry them all.
 * Issuance is decided by the issuer's own attestations, not by presentations of the holder: the
 * issuancePolicy is an empty presentation definition.
 */
import { DCP_CONTEXT } from '../dcp/dcp-services.ts';
import type { CredentialDefinitions } from './definitions/create-credential-definitions.ts';
import type { CredentialDefinition } from './definitions/credential-definition.ts';
import { subjectSchemaUrl } from './definitions/subject-schema.ts';
import type { IssuerDeps } from './issuer-deps.ts';
import { issuerDid } from './requests/issuer-did.ts';

/**
 * The DID methods holders' credentials are bound to: the delivery needs the CredentialService
 * entry of the holder's DID document, which did:web has (did:key documents have no services).
 */
export const BINDING_METHODS = ['did:web'] as const;

/** Why a credential is offered: DCP names `reissue` (e.g. before expiry or a key rotation) and `proof-key-revocation`. */
export const OFFER_REASONS = ['reissue', 'proof-key-revocation'] as const;
export type OfferReason = (typeof OFFER_REASONS)[number];

export interface CredentialObject {
  id: string;
  type: 'CredentialObject';
  credentialType: string;
  credentialSchema: string;
  offerReason: string;
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
    credentialsSupported: items.map((definition) => credentialObject(deps, definition)),
  };
}

/**
 * A definition as DCP describes it to holders. The metadata's schema wants an `offerReason` in
 * every object; what a holder requests from the metadata is issued anew, so `reissue` unless an
 * offer says otherwise.
 */
export function credentialObject(deps: IssuerDeps, definition: CredentialDefinition, offerReason: OfferReason = 'reissue'): CredentialObject {
  return {
    id: definition.id,
    type: 'CredentialObject',
    credentialType: definition.credentialType,
    credentialSchema: definition.credentialSchema ?? subjectSchemaUrl(deps.issuerBaseUrl(definition.participantId), definition.id),
    offerReason,
    bindingMethods: [...BINDING_METHODS],
    profile: definition.format,
    issuancePolicy: { id: `${definition.id}-policy`, input_descriptors: [] },
  };
}
