import type { JsonObject } from '../processor/json-ld-processor.ts';
import { DSPACE_2024_1, DSPACE_2025_1, ODRL, XSD } from './namespaces.ts';
import type { DspTermDefinitions, ValueKind } from './term-definitions.ts';
import { isJsonObject } from '../processor/is-json-object.ts';

type Kinds = ReadonlyMap<string, ValueKind>;

/**
 * Rewrites an expanded document so that compacting it with the 2025-1 context gives the shapes
 * the 2025-1 schemas expect, whatever form it arrived in:
 * - 2024-1 IRIs (https://w3id.org/dspace/2024/1/…) become their 2025-1 counterparts;
 * - values take the shape the 2025-1 term gives them: a string such as `dspace:providerPid:
 *   "urn:…"` from a prefixed message becomes a node reference where the term is `@type: @id`,
 *   `"dspace:ACCEPTED"` becomes the vocabulary IRI where the term is `@type: @vocab`, and node
 *   references or xsd-typed literals from 2024-1 become plain strings where the 2025-1 term is a
 *   plain literal. ODRL properties keep their values as written: right operands carry typed
 *   values and IRIs that policy evaluation needs.
 * Which term applies follows the context's type-scoped definitions, including `@propagate`.
 */
export function normaliseExpanded(nodes: JsonObject[], terms: DspTermDefinitions): JsonObject[] {
  const normaliseNode = (node: JsonObject, inherited: Kinds): JsonObject => {
    const types = Array.isArray(node['@type']) ? (node['@type'] as unknown[]).map(migrate) : undefined;
    const scoped = types?.map((type) => (typeof type === 'string' ? terms.scopedTerms(type) : undefined)).find(Boolean);
    const inForce: Kinds = scoped ? new Map([...inherited, ...scoped.kinds]) : inherited;
    const forChildren = scoped?.propagates ? inForce : inherited;

    const normaliseValue = (value: unknown, property: string, kind: ValueKind | undefined): unknown => {
      if (!isJsonObject(value)) return value;
      if (Array.isArray(value['@list'])) {
        return { ...value, '@list': value['@list'].map((item) => normaliseValue(item, property, kind)) };
      }
      if ('@value' in value) return normaliseLiteral(value, property, kind);
      if (isReference(value)) {
        return kind === 'literal' && !property.startsWith(ODRL) ? { '@value': value['@id'] } : { '@id': migrate(value['@id']) };
      }
      return normaliseNode(value, forChildren);
    };

    const normaliseLiteral = (value: JsonObject, property: string, kind: ValueKind | undefined): JsonObject => {
      const text = value['@value'];
      const plain = typeof text === 'string' && !('@type' in value) && !('@language' in value);
      if (plain && kind === 'id') return { '@id': migrate(text) };
      if (plain && kind === 'vocab') return { '@id': migrate(terms.expandVocab(text)) };
      const datatype = value['@type'];
      if (kind === 'literal' && !property.startsWith(ODRL) && typeof datatype === 'string' && datatype.startsWith(XSD)) {
        return { '@value': text };
      }
      return value;
    };

    const result: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '@type') result[key] = types;
      else if (key === '@id') result[key] = migrate(value);
      else if (key.startsWith('@')) result[key] = value;
      else {
        const property = migrate(key) as string;
        const kind = inForce.get(property) ?? terms.fallbackKind(property);
        result[property] = Array.isArray(value) ? value.map((item) => normaliseValue(item, property, kind)) : value;
      }
    }
    return result;
  };

  return nodes.map((node) => normaliseNode(node, new Map()));
}

function migrate(iri: unknown): unknown {
  return typeof iri === 'string' && iri.startsWith(DSPACE_2024_1) ? DSPACE_2025_1 + iri.slice(DSPACE_2024_1.length) : iri;
}


function isReference(value: JsonObject): value is { '@id': string } {
  return typeof value['@id'] === 'string' && Object.keys(value).length === 1;
}
