/**
 * The lookup key of a context URL. Specifications and peers write the same context with http or
 * https (e.g. the ODRL context), so the scheme is left out of the key; a fragment never selects a
 * different document.
 */
export function contextKey(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return `//${parsed.host}${parsed.pathname}${parsed.search}`;
}
