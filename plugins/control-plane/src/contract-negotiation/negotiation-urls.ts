/**
 * Where a counterparty's negotiation endpoints are, below its DSP base (a provider's) or its
 * callback address (a consumer's). "Providers SHOULD properly handle the cases where a trailing
 * `/` is included with or absent from the callbackAddress" (DSP 2025-1, negotiation HTTPS binding).
 */
export function negotiationUrl(base: string, ...segments: string[]): string {
  return [base.replace(/\/+$/, ''), 'negotiations', ...segments.map(pathSegment)].join('/');
}

/** Process ids are IRIs such as `urn:uuid:…`; `:` may stay as it is in a path segment (RFC 3986 pchar). */
function pathSegment(segment: string): string {
  return encodeURIComponent(segment).replaceAll('%3A', ':');
}

/** An address we can send to: absolute http or https. */
export function isCallbackAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
