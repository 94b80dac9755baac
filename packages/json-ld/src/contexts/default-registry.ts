import { bundledContexts } from './bundled-contexts.ts';
import { createContextRegistry, type ContextRegistry } from './context-registry.ts';

let registry: ContextRegistry | undefined;

/**
 * The process-wide registry: every bundled context, plus whatever plugins register at start-up.
 * Context documents are public, versioned data, so one registry serves all tenants.
 */
export function defaultContextRegistry(): ContextRegistry {
  registry ??= createBundledContextRegistry();
  return registry;
}

/** A fresh registry holding only the bundled contexts (for isolated use and tests). */
export function createBundledContextRegistry(): ContextRegistry {
  return createContextRegistry(bundledContexts().map((entry) => [entry.url, entry.document] as const));
}
