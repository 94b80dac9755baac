import type { DidDocument } from '../did/did-document.ts';

/**
 * The base URL of a participant's credential service: the `serviceEndpoint` of the first service
 * entry of type CredentialService in its DID document (DCP 1.0, "Credential Service Endpoint
 * Discovery"), without a trailing slash; undefined when there is none.
 */
export function credentialServiceEndpoint(document: DidDocument): string | undefined {
  const services: unknown[] = Array.isArray(document.service) ? document.service : [];
  for (const entry of services) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { type, serviceEndpoint } = entry as { type?: unknown; serviceEndpoint?: unknown };
    if (![type].flat().includes('CredentialService')) continue;
    if (typeof serviceEndpoint === 'string') return serviceEndpoint.replace(/\/+$/, '');
  }
  return undefined;
}
