/**
 * Reading helpers that collect every problem of a document instead of stopping at the first,
 * so a policy author sees all of them at once.
 */
import { itemPath, memberPath } from './json-path.ts';
import { normalTerm, odrlKeys } from './odrl-terms.ts';
import type { PolicyIssue } from './policy-parse-error.ts';

export interface ParseState {
  readonly issues: PolicyIssue[];
}

/** A value together with the JSONPath it was read from. */
export interface Located {
  readonly value: unknown;
  readonly path: string;
}

export function report(state: ParseState, path: string, message: string): undefined {
  state.issues.push({ path, message });
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An ODRL property under its bare (`permission`), prefixed (`odrl:permission`) or IRI key. */
export function odrlMember(node: Record<string, unknown>, term: string, path: string, state: ParseState): Located | undefined {
  const keys = odrlKeys(term).filter((key) => Object.hasOwn(node, key));
  if (keys.length > 1) report(state, path, `"${term}" is given more than once (${keys.join(', ')}); keep one`);
  const key = keys[0];
  return key === undefined ? undefined : { value: node[key], path: memberPath(path, key) };
}

/** A member read by its exact key (JSON-LD keywords and DSP terms). */
export function member(node: Record<string, unknown>, key: string, path: string): Located | undefined {
  return Object.hasOwn(node, key) ? { value: node[key], path: memberPath(path, key) } : undefined;
}

/** A set-valued property (`@container: @set`): an array, or one value standing for an array of one. */
export function listOf(located: Located | undefined): Located[] {
  if (!located) return [];
  if (isObject(located.value) && Array.isArray(located.value['@list'])) {
    return listOf({ value: located.value['@list'], path: memberPath(located.path, '@list') });
  }
  if (!Array.isArray(located.value)) return [located];
  return located.value.map((value, index) => ({ value, path: itemPath(located.path, index) }));
}

/** An IRI: a string or a node reference `{ "@id": … }`. */
export function readIri(located: Located, state: ParseState, what: string): string | undefined {
  const { value, path } = located;
  if (typeof value === 'string' && value.length > 0) return value;
  if (isObject(value) && typeof value['@id'] === 'string' && value['@id'].length > 0) return value['@id'];
  return report(state, path, `${what} must be a non-empty string or {"@id": …}, found ${describe(value)}`);
}

/** A term such as an action or operator, in its normal form (`odrl:use` → `use`). */
export function readTerm(located: Located, state: ParseState, what: string): string | undefined {
  const iri = readIri(located, state, what);
  return iri === undefined ? undefined : normalTerm(iri);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
