import type { ContextRegistry } from '../contexts/context-registry.ts';
import { inlineImports } from '../processor/inline-imports.ts';
import type { JsonObject } from '../processor/json-ld-processor.ts';
import { compactWithTable } from './compact-with-table.ts';
import { expandWithTable } from './expand-with-table.ts';
import { OutsideTable } from './outside-table.ts';
import { createRootScope, type TermScope } from './term-scope.ts';
import { isJsonObject } from '../processor/is-json-object.ts';

/**
 * JSON-LD expansion and compaction of DSP messages by precomputed term tables instead of jsonld.js,
 * which re-processes the DSP context's type-scoped contexts for every typed node. Each method
 * gives exactly what jsonld.js would, or undefined where the message uses anything the tables do
 * not cover: the caller then runs jsonld.js on it unchanged.
 */
export interface JsonLdFastPath {
  /** The expanded form of a compact document whose `@context` names only registered contexts. */
  expand(document: unknown): JsonObject[] | undefined;
  /** One expanded node object compacted against `compactionContext`, without the `@context` member. */
  compact(node: JsonObject): JsonObject | undefined;
}

/** Distinct `@context` values with a table; they come from messages, so they are bounded. */
const MAX_ROOTS = 32;

export function createJsonLdFastPath(registry: ContextRegistry, compactionContext: string): JsonLdFastPath {
  const roots = new Map<string, TermScope | undefined>();
  const rootFor = (urls: readonly string[]): TermScope | undefined => {
    const key = urls.join('\n');
    if (roots.has(key)) return roots.get(key);
    if (roots.size >= MAX_ROOTS || !urls.every((url) => registry.has(url))) return undefined;
    let root: TermScope | undefined;
    try {
      root = createRootScope(urls.map((url) => inlineImports(registry.resolve(url), (imported) => registry.resolve(imported)['@context'])['@context']));
    } catch (error) {
      if (!(error instanceof OutsideTable)) throw error;
    }
    roots.set(key, root);
    return root;
  };

  return {
    expand(document) {
      if (!isJsonObject(document)) return undefined;
      const context = document['@context'];
      const urls = typeof context === 'string' ? [context] : Array.isArray(context) && context.every((url) => typeof url === 'string') ? (context as string[]) : [];
      const root = urls.length > 0 ? rootFor(urls) : undefined;
      return root && attempt(() => expandWithTable(document, root));
    },
    compact(node) {
      const root = rootFor([compactionContext]);
      return root && attempt(() => compactWithTable(node, root));
    },
  };
}

function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof OutsideTable) return undefined;
    throw error;
  }
}
