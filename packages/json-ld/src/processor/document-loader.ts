import type { RemoteDocument } from 'jsonld';
import type { ContextRegistry } from '../contexts/context-registry.ts';
import { inlineImports } from './inline-imports.ts';

/**
 * A jsonld.js document loader that answers from the registry and nothing else: an unknown URL is
 * refused with UnknownContextError, thrown by the registry lookup before any I/O could start.
 */
export function createDocumentLoader(registry: ContextRegistry): (url: string) => Promise<RemoteDocument> {
  const prepared = new Map<string, Record<string, unknown>>();
  const prepare = (url: string): Record<string, unknown> => {
    let document = prepared.get(url);
    if (!document) {
      document = inlineImports(registry.resolve(url), (imported) => registry.resolve(imported)['@context']);
      prepared.set(url, document);
    }
    return document;
  };
  return async (url) => ({
    contextUrl: null,
    documentUrl: url,
    // jsonld.js may annotate what it loads; the prepared document must stay as it is.
    document: structuredClone(prepare(url)),
    // 'static' lets jsonld.js keep the resolved and processed context across operations (its
    // process-wide cache, keyed by URL), so a context is loaded and parsed once, not per message.
    tag: 'static',
  });
}
