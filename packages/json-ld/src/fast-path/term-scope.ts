import { outside } from './outside-table.ts';
import { isJsonObject } from '../processor/is-json-object.ts';

type ContextObject = Record<string, unknown>;

/** One term as a context defines it, reduced to what expansion and compaction read. */
export interface TermDefinition {
  /** The expanded IRI, or a keyword for an alias. */
  readonly iri: string;
  /** `@id`, `@vocab` or a datatype IRI. */
  readonly type: string | undefined;
  /** `@container: @set`. */
  readonly set: boolean;
  /** The context a type (or property) using this term brings into force. */
  readonly scoped: ContextObject | undefined;
  /** Usable as the prefix of a compact IRI. */
  readonly prefix: boolean;
  readonly protected: boolean;
  /**
   * The term uses a feature the table does not model (a keyword alias, a null mapping, @list,
   * @language, @reverse, …): a message that uses it, or a scope that must compact with it, is
   * left to jsonld.js.
   */
  readonly unsupported: boolean;
  /** What must stay equal when a protected term is defined again. */
  readonly signature: string;
}

/**
 * An active context as a term table: the root contexts, or the root with type-scoped contexts
 * applied. Scopes are immutable and memoised, so a message only looks terms up.
 */
export interface TermScope {
  readonly terms: ReadonlyMap<string, TermDefinition>;
  /** Where nested nodes revert to when a type-scoped context does not propagate. */
  readonly previous: TermScope | undefined;
  /** The terms usable as compact IRI prefixes. */
  readonly prefixes: readonly (readonly [string, TermDefinition])[];
  /** This scope with the type-scoped context of `definition` applied. */
  withTypeScope(definition: TermDefinition): TermScope;
}

const KEYWORDS = new Set([
  '@base', '@container', '@context', '@direction', '@graph', '@id', '@import', '@included', '@index', '@json', '@language',
  '@list', '@nest', '@none', '@prefix', '@propagate', '@protected', '@reverse', '@set', '@type', '@value', '@version', '@vocab',
]);
/** jsonld.js's test for an absolute IRI (url.js `isAbsolute`). */
export const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;
const GEN_DELIM_END = /[:/?#[\]@]$/;
const CONTEXT_SETTINGS = new Set(['@version', '@protected', '@propagate']);
const DEFINITION_KEYS = new Set(['@id', '@type', '@container', '@context', '@protected']);
/**
 * Bounds the memoised scopes of one root: nesting type-scoped contexts in ever new orders must not
 * grow memory; past the bound, messages take jsonld.js.
 */
const SCOPE_BUDGET = 512;

export function isKeyword(value: string): boolean {
  return KEYWORDS.has(value);
}

/** The active context that processing `contexts` (each with its `@import`s inlined) in order gives. */
export function createRootScope(contexts: readonly unknown[]): TermScope {
  const budget = { remaining: SCOPE_BUDGET };
  let scope = createScope(new Map(), undefined, budget);
  for (const context of contexts) scope = applyContext(scope, context, true, budget);
  return scope;
}

function createScope(terms: Map<string, TermDefinition>, previous: TermScope | undefined, budget: { remaining: number }): TermScope {
  if (budget.remaining-- <= 0) outside();
  for (const term of terms.keys()) if (term.includes(':') || term.includes('/')) outside();
  const children = new Map<TermDefinition, TermScope>();
  const scope: TermScope = {
    terms,
    previous,
    prefixes: [...terms].filter(([, definition]) => definition.prefix && !definition.unsupported),
    withTypeScope(definition) {
      let child = children.get(definition);
      if (!child) {
        if (definition.scoped === undefined) outside();
        child = applyContext(scope, definition.scoped, false, budget);
        children.set(definition, child);
      }
      return child;
    },
  };
  return scope;
}

/** JSON-LD 1.1 context processing, for the features the table models; anything else leaves it. */
function applyContext(base: TermScope, local: unknown, propagate: boolean, budget: { remaining: number }): TermScope {
  if (!isJsonObject(local)) outside();
  for (const key of Object.keys(local)) if (key.startsWith('@') && !CONTEXT_SETTINGS.has(key)) outside();
  if ('@version' in local && local['@version'] !== 1.1) outside();
  const contextProtected = local['@protected'] ?? false;
  const propagates = local['@propagate'] ?? propagate;
  if (typeof contextProtected !== 'boolean' || typeof propagates !== 'boolean') outside();

  const terms = new Map(base.terms);
  const state = new Map<string, 'defining' | 'defined'>();

  const define = (term: string): void => {
    if (state.get(term) === 'defined') return;
    if (state.get(term) === 'defining') outside();
    state.set(term, 'defining');
    let definition = createDefinition(local[term]);
    const previous = base.terms.get(term);
    if (previous?.protected) {
      // jsonld.js refuses a different redefinition of a protected term (an error it reports).
      if (previous.signature !== definition.signature) outside();
      definition = { ...definition, protected: true };
    }
    terms.set(term, definition);
    state.set(term, 'defined');
  };

  // IRI expansion while defining terms: terms of this context are defined first when used.
  const resolve = (value: string): string => {
    if (value.startsWith('@')) return isKeyword(value) ? value : outside();
    if (Object.hasOwn(local, value)) define(value);
    const mapping = terms.get(value);
    if (mapping) return mapping.iri;
    const colon = value.indexOf(':');
    if (colon > 0) {
      const prefix = value.slice(0, colon);
      const suffix = value.slice(colon + 1);
      if (prefix === '_' || suffix.startsWith('//')) return value;
      if (Object.hasOwn(local, prefix)) define(prefix);
      const prefixDefinition = terms.get(prefix);
      if (prefixDefinition?.prefix) return prefixDefinition.iri + suffix;
      if (ABSOLUTE_IRI.test(value)) return value;
    }
    return outside();
  };

  const createDefinition = (value: unknown): TermDefinition => {
    if (typeof value === 'string') {
      const iri = resolve(value);
      const alias = isKeyword(iri);
      return {
        iri,
        type: undefined,
        set: false,
        scoped: undefined,
        prefix: !alias && GEN_DELIM_END.test(iri),
        protected: contextProtected,
        unsupported: alias,
        signature: JSON.stringify([iri, true]),
      };
    }
    if (!isJsonObject(value)) return unsupported(JSON.stringify(value), contextProtected);
    const termProtected = value['@protected'] ?? contextProtected;
    if (typeof termProtected !== 'boolean') outside();
    const { '@protected': _protected, ...withoutProtected } = value;
    const raw = JSON.stringify(withoutProtected);
    if (Object.keys(value).some((key) => !DEFINITION_KEYS.has(key)) || typeof value['@id'] !== 'string') return unsupported(raw, termProtected);
    const iri = resolve(value['@id']);
    const typeValue = value['@type'];
    let type: string | undefined;
    if (typeValue === '@id' || typeValue === '@vocab') type = typeValue;
    else if (typeof typeValue === 'string') {
      type = resolve(typeValue);
      if (isKeyword(type)) return unsupported(raw, termProtected);
    } else if (typeValue !== undefined) outside();
    const container = value['@container'];
    const set = container === '@set' || (Array.isArray(container) && container.length === 1 && container[0] === '@set');
    if (container !== undefined && !set) return unsupported(raw, termProtected);
    const scoped = value['@context'];
    if (scoped !== undefined && !isJsonObject(scoped)) return unsupported(raw, termProtected);
    return {
      iri,
      type,
      set,
      scoped,
      prefix: false,
      protected: termProtected,
      unsupported: isKeyword(iri),
      signature: JSON.stringify([iri, false, type ?? null, set, scoped ?? null]),
    };
  };

  for (const term of Object.keys(local)) if (!term.startsWith('@')) define(term);
  return createScope(terms, propagates ? base.previous : (base.previous ?? base), budget);
}

function unsupported(raw: string, isProtected: boolean): TermDefinition {
  return { iri: '', type: undefined, set: false, scoped: undefined, prefix: false, protected: isProtected, unsupported: true, signature: raw };
}
