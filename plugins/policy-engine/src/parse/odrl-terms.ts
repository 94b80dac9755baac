/**
 * Compact JSON-LD written with the DSP 2025-1 context uses bare ODRL terms (`permission`, `eq`);
 * other writers prefix them (`odrl:permission`) or expand them to IRIs. All three name the same
 * term, so the parser and the function registry compare terms in one normal form.
 */
const ODRL = 'http://www.w3.org/ns/odrl/2/';
const DSPACE = 'https://w3id.org/dspace/2025/1/';

/** `odrl:eq` and the ODRL IRI become `eq`; a DSP IRI becomes `dspace:<term>`; anything else stays. */
export function normalTerm(term: string): string {
  if (term.startsWith('odrl:')) return term.slice('odrl:'.length);
  if (term.startsWith(ODRL)) return term.slice(ODRL.length);
  if (term.startsWith(DSPACE)) return `dspace:${term.slice(DSPACE.length)}`;
  return term;
}

/** The keys under which an object may hold an ODRL property. */
export function odrlKeys(term: string): string[] {
  return [term, `odrl:${term}`, `${ODRL}${term}`];
}
