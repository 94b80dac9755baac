import type { JsonObject } from '../processor/json-ld-processor.ts';
import { checkCompactable, compactIri } from './compact-iri.ts';
import { outside } from './outside-table.ts';
import type { TermDefinition, TermScope } from './term-scope.ts';
import { isJsonObject } from '../processor/is-json-object.ts';

/**
 * JSON-LD compaction of one expanded node object against the context `root` was built from,
 * giving what jsonld.js's `compact` gives without the `@context` member (base null, compact
 * arrays), keys in the same order. Throws OutsideTable for anything the table does not cover.
 */
export function compactWithTable(node: JsonObject, root: TermScope): JsonObject {
  if (!isNode(node)) outside();
  return compactNode(node, root);
}

function compactNode(element: JsonObject, input: TermScope): JsonObject {
  // A type-scoped context that does not propagate ends at the node it is on.
  const typeScope = input.previous ?? input;
  let scope = typeScope;
  checkCompactable(input);
  const types = element['@type'];
  if (types !== undefined) {
    if (!Array.isArray(types) || types.length === 0) outside();
    for (const type of types.length > 1 ? [...types].sort() : types) {
      if (typeof type !== 'string') outside();
      const definition = input.terms.get(compactIri(typeScope, type, null, true));
      if (definition?.scoped !== undefined) scope = scope.withTypeScope(definition);
    }
  }

  checkCompactable(scope);
  const result: JsonObject = {};
  for (const property of Object.keys(element).sort()) {
    const value = element[property];
    if (property === '@id') {
      if (typeof value !== 'string') outside();
      result['@id'] = compactIri(scope, value, null, false);
    } else if (property === '@type') {
      const compacted = (types as string[]).map((type) => compactIri(input, type, null, true));
      result['@type'] = compacted.length === 1 ? compacted[0] : compacted;
    } else if (property.startsWith('@') || !Array.isArray(value)) {
      outside();
    } else if (value.length === 0) {
      const term = compactIri(scope, property, value, true);
      if (!Object.hasOwn(result, term)) result[term] = [];
    } else {
      for (const item of value) {
        if (!isJsonObject(item)) outside();
        const term = compactIri(scope, property, item, true);
        const definition = scope.terms.get(term);
        add(result, term, compactItem(item, definition, scope), definition?.set ?? false);
      }
    }
  }
  return result;
}

function compactItem(item: JsonObject, definition: TermDefinition | undefined, scope: TermScope): unknown {
  if ('@value' in item) return compactValueObject(item, definition, scope);
  const keys = Object.keys(item);
  if (keys.length === 1 && keys[0] === '@id') {
    const id = item['@id'];
    if (typeof id !== 'string') outside();
    const type = definition?.type;
    const compacted = compactIri(scope, id, null, type === '@vocab');
    return type === '@id' || type === '@vocab' ? compacted : { '@id': compacted };
  }
  if (!isNode(item)) outside();
  return compactNode(item, scope);
}

function compactValueObject(value: JsonObject, definition: TermDefinition | undefined, scope: TermScope): unknown {
  const keys = Object.keys(value);
  if (keys.some((key) => key !== '@value' && key !== '@type' && key !== '@language')) outside();
  const type = definition?.type ?? null;
  if (value['@type'] === type || keys.length === 1) return value['@value'];
  const datatype = value['@type'];
  if (datatype !== undefined) return typeof datatype === 'string' ? { '@type': compactIri(scope, datatype, null, true), '@value': value['@value'] } : outside();
  return { '@language': value['@language'], '@value': value['@value'] };
}

/** jsonld.js's addValue: a second value makes an array; a @set term is always one. */
function add(result: JsonObject, term: string, value: unknown, set: boolean): void {
  if (!Object.hasOwn(result, term)) {
    result[term] = set ? [value] : value;
    return;
  }
  const existing = result[term];
  if (Array.isArray(existing)) existing.push(value);
  else result[term] = [existing, value];
}

function isNode(value: JsonObject): boolean {
  for (const key of Object.keys(value)) if (key.startsWith('@') && key !== '@id' && key !== '@type') return false;
  return true;
}
