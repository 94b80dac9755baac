/**
 * Reads a management API body in plain form (JSON, or JSON-LD already compacted by
 * read-json-ld-body.ts): keys of the EDC vocabulary may be bare (`properties`), prefixed
 * (`edc:properties`) or full IRIs, and all become bare; `@id` or `id` names the object.
 */
import { EDC_NAMESPACE } from './edc-management-context.ts';
import { childPath, isJsonObject, type ValidationIssues } from './validation-issues.ts';

export interface EdcField {
  value: unknown;
  /** Where it was in the body, with the key as the client wrote it. */
  path: string;
}

export interface EdcDocument {
  /** The value of `@id` (or `id`); undefined when absent. */
  readonly id: unknown;
  /** `@type` as a bare name (e.g. `Asset`); undefined when absent. */
  readonly type: string | undefined;
  /** The other members by bare key. */
  readonly fields: ReadonlyMap<string, EdcField>;
}

/** `edc:name` and `https://w3id.org/edc/v0.0.1/ns/name` are `name`; other keys stay as they are. */
export function normaliseEdcKey(key: string): string {
  if (key.startsWith(EDC_NAMESPACE) && key.length > EDC_NAMESPACE.length) return key.slice(EDC_NAMESPACE.length);
  if (key.startsWith('edc:') && key.length > 'edc:'.length) return key.slice('edc:'.length);
  return key;
}

/** Normalises the keys of a free-form value (properties, data addresses, criteria) at any depth. */
export function normaliseEdcValue(value: unknown, path: string, issues: ValidationIssues): unknown {
  if (Array.isArray(value)) return value.map((item, i) => normaliseEdcValue(item, childPath(path, i), issues));
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  for (const [key, item] of Object.entries(value)) {
    const normal = normaliseEdcKey(key);
    const earlier = seen.get(normal);
    if (earlier !== undefined) issues.add(childPath(path, key), `names the same key as ${JSON.stringify(earlier)}`);
    seen.set(normal, key);
    out[normal] = normaliseEdcValue(item, childPath(path, key), issues);
  }
  return out;
}

/** Returns undefined (with an issue) when the body is not an object; `expectedType` is checked when given. */
export function readEdcDocument(body: unknown, issues: ValidationIssues, expectedType?: string): EdcDocument | undefined {
  if (!isJsonObject(body)) {
    issues.add('', 'expected a JSON object');
    return undefined;
  }
  let id: unknown;
  let type: string | undefined;
  const fields = new Map<string, EdcField>();
  const origins = new Map<string, string>();
  for (const [key, value] of Object.entries(body)) {
    const normal = normaliseEdcKey(key);
    const member = normal === 'id' ? '@id' : normal;
    const earlier = origins.get(member);
    if (earlier !== undefined) {
      issues.add(key, `names the same member as ${JSON.stringify(earlier)}; give it once`);
      continue;
    }
    origins.set(member, key);
    if (member === '@id') id = value;
    else if (member === '@type') type = readType(value, key, issues);
    else fields.set(member, { value, path: key });
  }
  if (expectedType !== undefined && type !== undefined && type !== expectedType) {
    issues.add('@type', `expected ${expectedType}, found ${JSON.stringify(body['@type'])}`);
  }
  return { id, type, fields };
}

function readType(value: unknown, path: string, issues: ValidationIssues): string | undefined {
  const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof single !== 'string') {
    issues.add(path, 'must be one type name, e.g. "Asset"');
    return undefined;
  }
  return normaliseEdcKey(single);
}
