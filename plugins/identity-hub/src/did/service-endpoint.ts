import type { DidDocument } from './did-document.ts';

/**
 * The base URL of a DCP service of a DID subject: the `serviceEndpoint` of the first service entry
 * of that type (`CredentialService`, `IssuerService`), without a trailing slash; undefined when
 * there is none.
 */
export function serviceEndpoint(document: DidDocument, type: string): string | undefined {
  const services: unknown[] = Array.isArray(document.service) ? document.service : [];
  for (const entry of services) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { type: entryType, serviceEndpoint: endpoint } = entry as { type?: unknown; serviceEndpoint?: unknown };
    if (![entryType].flat().includes(type)) continue;
    if (typeof endpoint === 'string') return endpoint.replace(/\/+$/, '');
  }
  return undefined;
}
