import { isDeepStrictEqual } from 'node:util';
import { ContextConflictError, UnknownContextError } from './context-errors.ts';
import { contextKey } from './context-key.ts';

/** A JSON-LD context document: a JSON object with an `@context` member. */
export type ContextDocument = Readonly<Record<string, unknown>>;

export interface ContextRegistry {
  /** Adds a context document under its URL (http and https forms both resolve to it). */
  register(url: string, document: ContextDocument): void;
  /** The document for a URL; throws UnknownContextError at once when there is none. */
  resolve(url: string): ContextDocument;
  has(url: string): boolean;
  /** The URLs registered, as they were registered. */
  urls(): string[];
}

export function createContextRegistry(initial: Iterable<readonly [string, ContextDocument]> = []): ContextRegistry {
  const documents = new Map<string, { url: string; document: ContextDocument }>();

  const registry: ContextRegistry = {
    register(url, document) {
      const key = contextKey(url);
      if (key === undefined) throw new TypeError(`a JSON-LD context URL must be an absolute http(s) URL, got ${url}`);
      if (typeof document !== 'object' || document === null || !('@context' in document)) {
        throw new TypeError(`the document registered for ${url} has no @context member`);
      }
      const existing = documents.get(key);
      if (existing) {
        if (isDeepStrictEqual(existing.document, document)) return;
        throw new ContextConflictError(url);
      }
      documents.set(key, { url, document: deepFreeze(structuredClone(document)) });
    },
    resolve(url) {
      const key = contextKey(url);
      const entry = key === undefined ? undefined : documents.get(key);
      if (!entry) throw new UnknownContextError(url);
      return entry.document;
    },
    has(url) {
      const key = contextKey(url);
      return key !== undefined && documents.has(key);
    },
    urls() {
      return [...documents.values()].map((entry) => entry.url);
    },
  };
  for (const [url, document] of initial) registry.register(url, document);
  return registry;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
