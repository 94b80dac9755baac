/**
 * Resolved documents by DID, each reused for `ttlMs`, at most `maxEntries` of them; a hit moves
 * its entry to the back, so the least recently used entry is the first to go.
 */
import type { DidDocument } from '../did/did-document.ts';

export interface ResolutionCache {
  get(did: string): DidDocument | undefined;
  set(did: string, document: DidDocument): void;
  delete(did: string): void;
}

export function createResolutionCache(options: { ttlMs: number; maxEntries: number; now?: () => number }): ResolutionCache {
  const { ttlMs, maxEntries, now = Date.now } = options;
  // A Map iterates in insertion order, which makes it the LRU list too.
  const entries = new Map<string, { document: DidDocument; expiresAt: number }>();
  return {
    get(did) {
      const entry = entries.get(did);
      if (!entry) return undefined;
      entries.delete(did);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(did, entry);
      return entry.document;
    },
    set(did, document) {
      if (ttlMs === 0) return;
      entries.delete(did);
      entries.set(did, { document, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(did) {
      entries.delete(did);
    },
  };
}
