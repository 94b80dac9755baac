/**
 * Whether a CatalogRequestMessage, as the counterparty sent it, asks for any filter. EDC consumers
 * (and the DCP kit) send `"filter": {}` meaning "no filter"; that must not be mistaken for a criterion
 * whose keys the DSP context does not define, which reads as an empty object too and is refused.
 */
const FILTER_KEYS = ['filter', 'dspace:filter', 'https://w3id.org/dspace/2025/1/filter'];

export function sendsFilter(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const values = FILTER_KEYS.filter((key) => key in body).map((key) => (body as Record<string, unknown>)[key]);
  return values.some((value) => !isEmpty(value));
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isEmpty);
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
