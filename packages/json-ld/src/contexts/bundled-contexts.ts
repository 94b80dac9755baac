import { readFileSync } from 'node:fs';
import type { ContextDocument } from './context-registry.ts';

/** One entry of contexts/manifest.json: where a bundled file comes from. */
export interface BundledContextEntry {
  url: string;
  file: string;
  version: string;
  source: { repository: string; ref: string; commit: string; path: string };
  sha256: string;
}

// src/contexts/x.ts and dist/contexts/x.js are both two levels below the package root.
const CONTEXTS_DIR = new URL('../../contexts/', import.meta.url);

let cached: ReadonlyArray<BundledContextEntry & { document: ContextDocument }> | undefined;

/** The contexts shipped with this package, read from disk once. */
export function bundledContexts(): ReadonlyArray<BundledContextEntry & { document: ContextDocument }> {
  cached ??= readManifest().map((entry) => ({
    ...entry,
    document: JSON.parse(readFileSync(new URL(entry.file, CONTEXTS_DIR), 'utf8')) as ContextDocument,
  }));
  return cached;
}

export function bundledContextsDir(): URL {
  return CONTEXTS_DIR;
}

function readManifest(): BundledContextEntry[] {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', CONTEXTS_DIR), 'utf8')) as { contexts: BundledContextEntry[] };
  return manifest.contexts;
}
