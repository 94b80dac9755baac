import type jsonldModule from 'jsonld';
import { UnknownContextError } from '../contexts/context-errors.ts';
import type { ContextRegistry } from '../contexts/context-registry.ts';
import { defaultContextRegistry } from '../contexts/default-registry.ts';
import { createDocumentLoader } from './document-loader.ts';
import { translateJsonLdError } from './json-ld-errors.ts';

/** A JSON object (one node of a JSON-LD document). */
export type JsonObject = Record<string, unknown>;

/** A `@context` value: a URL, an inline context, or a list of them. */
export type ContextReference = string | JsonObject | Array<string | JsonObject>;

export interface JsonLdProcessor {
  readonly registry: ContextRegistry;
  /** Expands a document; rejects with UnknownContextError or JsonLdSyntaxError. */
  expand(document: unknown): Promise<JsonObject[]>;
  /**
   * Compacts a document (any form) against a context. With `expanded`, the document is expanded
   * form already (the output of `expand`) and is not expanded a second time.
   */
  compact(document: unknown, context: ContextReference, options?: { expanded?: boolean }): Promise<JsonObject>;
}

type JsonLd = typeof jsonldModule;
let loading: Promise<JsonLd> | undefined;

/**
 * jsonld.js and what it pulls in (an HTTP client, RDF canonicalisation) load on the first
 * expansion rather than at start-up, which they would otherwise slow by tens of milliseconds.
 */
function loadJsonLd(): Promise<JsonLd> {
  loading ??= import('jsonld').then(({ default: jsonld }) => {
    // Anything that calls jsonld.js without our loader must not reach the network either.
    jsonld.documentLoader = async (url) => {
      throw new UnknownContextError(url);
    };
    return jsonld;
  });
  return loading;
}

/**
 * Expansion and compaction that resolve contexts only from the registry. jsonld.js keeps resolved
 * contexts in a process-wide cache keyed by URL, so each context is parsed once; the registry
 * guarantees that a URL always names the same document.
 */
export function createJsonLdProcessor(options: { registry?: ContextRegistry } = {}): JsonLdProcessor {
  const registry = options.registry ?? defaultContextRegistry();
  // base null: relative IRIs in DSP messages (e.g. format "HttpData-PULL") stay as written.
  const processing = { documentLoader: createDocumentLoader(registry), base: null };

  return {
    registry,
    async expand(document) {
      try {
        return await (await loadJsonLd()).expand(document, processing);
      } catch (error) {
        throw translateJsonLdError(error);
      }
    },
    async compact(document, context, { expanded = false } = {}) {
      try {
        return await (await loadJsonLd()).compact(document, context, expanded ? { ...processing, skipExpansion: true } : processing);
      } catch (error) {
        throw translateJsonLdError(error);
      }
    },
  };
}
