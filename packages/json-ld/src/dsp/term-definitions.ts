import { DSP_2025_1_ODRL_PROFILE } from '../contexts/context-urls.ts';

/** How the 2025-1 context writes a property's values: node reference, vocabulary term, or literal. */
export type ValueKind = 'id' | 'vocab' | 'literal';

/** The property definitions one type-scoped context of the 2025-1 context brings into force. */
export interface ScopedTerms {
  kinds: ReadonlyMap<string, ValueKind>;
  /** `@propagate: true`: the terms stay in force for nested nodes. */
  propagates: boolean;
}

export interface DspTermDefinitions {
  /** The scoped terms of a type, by the type's IRI. */
  scopedTerms(typeIri: string): ScopedTerms | undefined;
  /** The kind all type-scoped definitions of a property agree on, if they do. */
  fallbackKind(propertyIri: string): ValueKind | undefined;
  /** Expands a string the way the 2025-1 context expands a vocabulary value (`ACCEPTED`, `odrl:use`). */
  expandVocab(value: string): string;
}

type ContextObject = Record<string, unknown>;

/**
 * Reads the term definitions out of the bundled 2025-1 context and its ODRL profile, so that
 * normalisation follows the published context rather than a hand-written copy of it.
 */
export function createDspTermDefinitions(dspContext: ContextObject, odrlProfile: ContextObject): DspTermDefinitions {
  const root = dspContext['@context'] as ContextObject;
  const profile = odrlProfile['@context'] as ContextObject;
  const prefixes = new Map<string, string>();
  for (const source of [profile, root]) {
    for (const [term, value] of Object.entries(source)) {
      if (typeof value === 'string' && /[/#]$/.test(value)) prefixes.set(term, value);
    }
  }
  const expand = (iri: string): string => {
    const colon = iri.indexOf(':');
    const prefix = colon > 0 ? prefixes.get(iri.slice(0, colon)) : undefined;
    return prefix === undefined || iri.startsWith('//', colon + 1) ? iri : prefix + iri.slice(colon + 1);
  };

  const vocabulary = new Map<string, string>();
  for (const source of [profile, root]) {
    for (const [term, value] of Object.entries(source)) {
      if (term.startsWith('@') || prefixes.has(term)) continue;
      const id = typeof value === 'string' ? value : (value as ContextObject)['@id'];
      if (typeof id === 'string') vocabulary.set(term, expand(id));
    }
  }

  const termKinds = (scoped: ContextObject): Map<string, ValueKind> => {
    const kinds = new Map<string, ValueKind>();
    for (const [term, value] of Object.entries(scoped)) {
      if (term.startsWith('@') || prefixes.has(term)) continue;
      const definition = typeof value === 'string' ? { '@id': value } : (value as ContextObject);
      if (typeof definition['@id'] !== 'string') continue;
      const type = definition['@type'];
      kinds.set(expand(definition['@id']), type === '@id' ? 'id' : type === '@vocab' ? 'vocab' : 'literal');
    }
    return kinds;
  };

  const byType = new Map<string, ScopedTerms>();
  for (const value of Object.values(root)) {
    if (typeof value !== 'object' || value === null) continue;
    const { '@id': id, '@context': scoped } = value as ContextObject;
    if (typeof id !== 'string' || typeof scoped !== 'object' || scoped === null) continue;
    const own = termKinds(scoped as ContextObject);
    const imported = (scoped as ContextObject)['@import'] === DSP_2025_1_ODRL_PROFILE ? termKinds(profile) : new Map();
    byType.set(expand(id), {
      kinds: new Map([...imported, ...own]),
      propagates: (scoped as ContextObject)['@propagate'] === true,
    });
  }

  // Where a node carries no type with a scoped context (e.g. a 2024-1 DataService without @type),
  // a property still gets the kind every type-scoped definition of it agrees on.
  const agreed = new Map<string, ValueKind | null>();
  for (const { kinds } of byType.values()) {
    for (const [iri, kind] of kinds) agreed.set(iri, agreed.has(iri) && agreed.get(iri) !== kind ? null : kind);
  }
  const fallback = new Map([...agreed].filter((entry): entry is [string, ValueKind] => entry[1] !== null));

  return {
    scopedTerms: (typeIri) => byType.get(typeIri),
    fallbackKind: (propertyIri) => fallback.get(propertyIri),
    expandVocab: (value) => vocabulary.get(value) ?? expand(value),
  };
}
