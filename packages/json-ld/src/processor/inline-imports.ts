import { isJsonObject } from './is-json-object.ts';

type JsonObject = Record<string, unknown>;

/**
 * Replaces every `@import` in a context document by the imported context's terms, local terms
 * winning, as JSON-LD 1.1 (context processing, step 5.6) defines the merge. jsonld.js 9 caches the
 * first merge of an imported context and hands it to every later context importing the same URL,
 * so with the DSP 2025-1 context a ContractRequestMessage would get the Dataset's terms. Serving
 * the merged form avoids that and leaves nothing for jsonld.js to merge.
 */
export function inlineImports(document: JsonObject, importedContext: (url: string) => unknown): JsonObject {
  const inlineContext = (context: unknown): unknown => {
    if (Array.isArray(context)) return context.map(inlineContext);
    if (!isJsonObject(context)) return context;
    const { '@import': url, ...local } = context;
    const merged: JsonObject = typeof url === 'string' ? { ...importedTerms(url), ...local } : local;
    for (const [term, definition] of Object.entries(merged)) {
      if (isJsonObject(definition) && '@context' in definition) {
        merged[term] = { ...definition, '@context': inlineContext(definition['@context']) };
      }
    }
    return merged;
  };
  const importedTerms = (url: string): JsonObject => {
    const imported = importedContext(url);
    if (!isJsonObject(imported)) throw new TypeError(`the context imported from ${url} must be a single JSON object`);
    return imported;
  };
  return { ...document, '@context': inlineContext(document['@context']) };
}
