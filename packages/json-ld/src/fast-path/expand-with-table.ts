import type { JsonObject } from '../processor/json-ld-processor.ts';
import { outside } from './outside-table.ts';
import { ABSOLUTE_IRI, type TermDefinition, type TermScope } from './term-scope.ts';
import { isJsonObject } from '../processor/is-json-object.ts';

const VALUE_OBJECT_KEYS = new Set(['@value', '@type', '@language']);

/**
 * JSON-LD expansion of a compact document whose only `@context` is the one `root` was built from,
 * giving what jsonld.js's `expand` gives (base null). Throws OutsideTable for anything the table
 * does not cover, including everything jsonld.js would report as an error.
 */
export function expandWithTable(document: JsonObject, root: TermScope): JsonObject[] {
  const node = expandNode(document, root, true);
  // jsonld.js drops a top-level node with nothing but an @id; the caller reports that.
  if (Object.keys(node).every((key) => key === '@id')) outside();
  return [node];
}

function expandNode(element: JsonObject, incoming: TermScope, top: boolean): JsonObject {
  const keys = Object.keys(element).sort();
  if (keys.length === 1 && keys[0] === '@id') return { '@id': expandIri(element['@id'], incoming, false) };
  // A type-scoped context that does not propagate ends at the node it is on.
  const typeScope = incoming.previous ?? incoming;
  let scope = typeScope;
  const typeValue = element['@type'];
  const types = typeValue === undefined ? undefined : Array.isArray(typeValue) ? typeValue : [typeValue];
  if (types) {
    if (types.length === 0) outside();
    for (const type of types.length > 1 ? [...types].sort() : types) {
      if (typeof type !== 'string') outside();
      const definition = typeScope.terms.get(type);
      if (definition?.scoped !== undefined) scope = scope.withTypeScope(definition);
    }
  }

  const result: JsonObject = {};
  for (const key of keys) {
    const value = element[key];
    if (key === '@context') {
      if (!top) outside();
    } else if (key === '@id') {
      result['@id'] = expandIri(value, scope, false);
    } else if (key === '@type') {
      result['@type'] = types!.map((type) => expandIri(type, typeScope, true));
    } else if (key.startsWith('@')) {
      outside();
    } else {
      const definition = scope.terms.get(key);
      if (definition && (definition.unsupported || definition.scoped !== undefined)) outside();
      const property = definition ? definition.iri : expandKey(key, scope);
      if (value === null) continue;
      const values = (result[property] ??= []) as unknown[];
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === null) continue;
        values.push(expandValue(item, definition, scope));
      }
    }
  }
  return result;
}

function expandValue(item: unknown, definition: TermDefinition | undefined, scope: TermScope): JsonObject {
  if (Array.isArray(item)) outside();
  if (isJsonObject(item)) {
    if ('@value' in item) return expandValueObject(item, scope);
    for (const key of Object.keys(item)) if (key.startsWith('@') && key !== '@id' && key !== '@type') outside();
    return expandNode(item, scope, false);
  }
  const type = definition?.type;
  if (typeof item === 'string' && (type === '@id' || type === '@vocab')) return { '@id': expandIri(item, scope, type === '@vocab') };
  if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') outside();
  return type === undefined || type === '@id' || type === '@vocab' ? { '@value': item } : { '@type': type, '@value': item };
}

function expandValueObject(item: JsonObject, scope: TermScope): JsonObject {
  for (const key of Object.keys(item)) if (!VALUE_OBJECT_KEYS.has(key)) outside();
  const { '@value': value, '@type': type, '@language': language } = item;
  if (type !== undefined) {
    if (language !== undefined || typeof type !== 'string') outside();
    if (type === '@json') return { '@type': '@json', '@value': value };
    const datatype = expandIri(type, scope, true);
    if (!ABSOLUTE_IRI.test(datatype) || !isScalar(value)) outside();
    return { '@type': datatype, '@value': value };
  }
  if (language !== undefined) {
    if (typeof language !== 'string' || typeof value !== 'string') outside();
    // jsonld.js writes language tags in lower case.
    return { '@language': language.toLowerCase(), '@value': value };
  }
  if (!isScalar(value)) outside();
  return { '@value': value };
}

/** IRI expansion with base null: terms only for vocabulary positions, prefixes always. */
function expandIri(value: unknown, scope: TermScope, vocab: boolean): string {
  if (typeof value !== 'string' || value.startsWith('@')) outside();
  if (vocab) {
    const definition = scope.terms.get(value);
    if (definition) return definition.unsupported ? outside() : definition.iri;
  }
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    const suffix = value.slice(colon + 1);
    if (prefix === '_' || suffix.startsWith('//')) return value;
    const definition = scope.terms.get(prefix);
    if (definition?.prefix) return definition.iri + suffix;
    if (ABSOLUTE_IRI.test(value)) return value;
    outside();
  }
  // A relative reference stays as written (base null); with ':' at 0 it is something else.
  if (colon === 0) outside();
  return value;
}

/** A key that is no term: a compact or absolute IRI. A key that expands to neither is left to jsonld.js. */
function expandKey(key: string, scope: TermScope): string {
  if (!key.includes(':')) outside();
  const iri = expandIri(key, scope, true);
  return ABSOLUTE_IRI.test(iri) && !iri.startsWith('_:') ? iri : outside();
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
