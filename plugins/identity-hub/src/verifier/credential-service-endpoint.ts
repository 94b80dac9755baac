import type { DidDocument } from '../did/did-document.ts';
import { serviceEndpoint } from '../did/service-endpoint.ts';

/**
 * The base URL of a participant's credential service (DCP 1.0, "Credential Service Endpoint
 * Discovery"), without a trailing slash; undefined when there is none.
 */
export function credentialServiceEndpoint(document: DidDocument): string | undefined {
  return serviceEndpoint(document, 'CredentialService');
}
