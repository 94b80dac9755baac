/**
 * The parts of a DID document (DID Core 1.0) this plugin writes and reads. Documents from other
 * parties may carry more; readers ignore what they do not know.
 */
import type { JWK } from 'jose';

export interface VerificationMethod {
  /** An absolute DID URL (`did:…#fragment`), or `#fragment` relative to the document id. */
  id: string;
  type: string;
  controller: string;
  publicKeyJwk?: JWK;
  [property: string]: unknown;
}

export interface DidServiceEntry {
  id: string;
  /** `CredentialService` and `IssuerService` are the types DCP 1.0 looks for. */
  type: string;
  serviceEndpoint: string;
}

export type VerificationRelationship = 'authentication' | 'assertionMethod' | 'capabilityInvocation' | 'capabilityDelegation' | 'keyAgreement';

export const VERIFICATION_RELATIONSHIPS: readonly VerificationRelationship[] = ['authentication', 'assertionMethod', 'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'];

export interface DidDocument {
  '@context'?: unknown;
  id: string;
  controller?: string | string[];
  verificationMethod?: VerificationMethod[];
  authentication?: Array<string | VerificationMethod>;
  assertionMethod?: Array<string | VerificationMethod>;
  capabilityInvocation?: Array<string | VerificationMethod>;
  capabilityDelegation?: Array<string | VerificationMethod>;
  keyAgreement?: Array<string | VerificationMethod>;
  service?: DidServiceEntry[];
  [property: string]: unknown;
}

/**
 * Whether the document lists a key under any verification relationship, i.e. its controller
 * states what its keys are for. Empty lists state nothing: EDC writes `authentication: []`.
 */
export function namesRelationship(document: DidDocument): boolean {
  return VERIFICATION_RELATIONSHIPS.some((name) => (document[name]?.length ?? 0) > 0);
}

/** Method ids may be absolute or relative to the document (`#key-1`). */
export function sameId(document: DidDocument, id: string, kid: string): boolean {
  return id === kid || (id.startsWith('#') && `${document.id}${id}` === kid);
}

/** Whether the document lists the verification method `kid` (absolute) under `relationship`. */
export function hasRelationship(document: DidDocument, kid: string, relationship: VerificationRelationship): boolean {
  return (document[relationship] ?? []).some((entry) => sameId(document, typeof entry === 'string' ? entry : entry.id, kid));
}
