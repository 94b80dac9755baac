import { outside } from './outside-table.ts';
import { isKeyword, type TermScope } from './term-scope.ts';
import { isJsonObject } from '../processor/is-json-object.ts';

interface Preferences {
  readonly language: Map<string, string>;
  readonly type: Map<string, string>;
}
/** jsonld.js's inverse context, for the term features the table models: IRI → container → preferred terms. */
type InverseTerms = Map<string, Map<string, Preferences>>;

const inverses = new WeakMap<TermScope, InverseTerms>();

/** Leaves the table for a scope whose terms it does not model (jsonld.js might prefer one of them). */
export function checkCompactable(scope: TermScope): void {
  inverseOf(scope);
}

function inverseOf(scope: TermScope): InverseTerms {
  let inverse = inverses.get(scope);
  if (inverse) return inverse;
  inverse = new Map();
  for (const term of [...scope.terms.keys()].sort(compareShortestLeast)) {
    const definition = scope.terms.get(term)!;
    // A term the table does not model could be the one jsonld.js prefers.
    if (definition.unsupported) outside();
    let byContainer = inverse.get(definition.iri);
    if (!byContainer) inverse.set(definition.iri, (byContainer = new Map()));
    const container = definition.set ? '@set' : '@none';
    let preferences = byContainer.get(container);
    if (!preferences) byContainer.set(container, (preferences = { language: new Map(), type: new Map() }));
    if (definition.type !== undefined) prefer(preferences.type, definition.type, term);
    else {
      prefer(preferences.language, '@none', term);
      prefer(preferences.type, '@none', term);
    }
  }
  inverses.set(scope, inverse);
  return inverse;
}

function prefer(map: Map<string, string>, key: string, term: string): void {
  if (!map.has(key)) map.set(key, term);
}

/**
 * jsonld.js's compactIri for the table's scopes (no @vocab, no default language, no keyword
 * aliases, base null). `value` is the expanded value the term is chosen for: null when there is
 * none (types, ids), an array when it is empty.
 */
export function compactIri(scope: TermScope, iri: string, value: unknown, vocab: boolean): string {
  if (isKeyword(iri)) return iri;
  if (vocab) {
    const byContainer = inverseOf(scope).get(iri);
    if (byContainer) {
      const term = selectTerm(scope, byContainer, value);
      if (term !== undefined) return term;
    }
  }
  let choice: string | undefined;
  for (const [term, definition] of scope.prefixes) {
    if (iri.length <= definition.iri.length || !iri.startsWith(definition.iri)) continue;
    const curie = `${term}:${iri.slice(definition.iri.length)}`;
    const clash = scope.terms.get(curie);
    if (clash && !(value === null && clash.iri === iri)) continue;
    if (choice === undefined || compareShortestLeast(curie, choice) < 0) choice = curie;
  }
  if (choice !== undefined) return choice;
  // jsonld.js reports an IRI that reads as a compact IRI of a prefix here as an error.
  for (const [term] of scope.prefixes) if (iri.startsWith(`${term}:`)) outside();
  return iri;
}

function selectTerm(scope: TermScope, byContainer: Map<string, Preferences>, value: unknown): string | undefined {
  const node = isJsonObject(value) && !('@value' in value);
  if (isJsonObject(value) && ('@index' in value || '@list' in value || '@graph' in value || '@preserve' in value || '@direction' in value)) outside();
  let byLanguage = true;
  let preferred = '@null';
  if (isJsonObject(value) && '@value' in value) {
    if ('@language' in value) preferred = value['@language'] as string;
    else if ('@type' in value) {
      byLanguage = false;
      preferred = value['@type'] as string;
    }
  } else {
    byLanguage = false;
    preferred = '@id';
  }
  const preferences: string[] = [];
  if (preferred === '@id' && node && typeof value['@id'] === 'string') {
    const id = value['@id'];
    const term = compactIri(scope, id, null, true);
    preferences.push(...(scope.terms.get(term)?.iri === id ? ['@vocab', '@id'] : ['@id', '@vocab']));
  } else {
    preferences.push(preferred);
  }
  preferences.push('@none');
  // Of the containers jsonld.js tries in turn, the table's terms only have @set and none.
  for (const container of ['@set', '@none']) {
    const entry = byContainer.get(container);
    if (!entry) continue;
    const map = byLanguage ? entry.language : entry.type;
    for (const preference of preferences) {
      const term = map.get(preference);
      if (term !== undefined) return term;
    }
  }
  return undefined;
}

function compareShortestLeast(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a === b ? 0 : a < b ? -1 : 1;
}
