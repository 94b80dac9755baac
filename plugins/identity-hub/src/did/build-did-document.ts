import type { JWK } from 'jose';
import type { DidDocument, DidServiceEntry } from './did-document.ts';

export const DID_DOCUMENT_CONTEXT = [
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/suites/jws-2020/v1',
  'https://w3id.org/dspace-dcp/v1.0/dcp.jsonld',
];

export interface PublishedKey {
  keyId: string;
  publicJwk: JWK;
}

/**
 * A participant's did:web document: one JsonWebKey2020 method per published key, each in the
 * relationships DCP checks (capabilityInvocation for self-issued tokens, assertionMethod for
 * credentials and presentations, authentication), and the service entries.
 */
export function buildDidDocument(did: string, keys: readonly PublishedKey[], services: readonly DidServiceEntry[]): DidDocument {
  const methods = keys.map((key) => ({
    id: `${did}#${key.keyId}`,
    type: 'JsonWebKey2020',
    controller: did,
    publicKeyJwk: key.publicJwk,
  }));
  const ids = methods.map((m) => m.id);
  return {
    '@context': DID_DOCUMENT_CONTEXT,
    id: did,
    verificationMethod: methods,
    authentication: [...ids],
    assertionMethod: [...ids],
    capabilityInvocation: [...ids],
    service: [...services],
  };
}
