import { TdssError } from '@tdss/sdk';

export const PACKAGE_NAME = '@tdss/json-ld';

/**
 * A context URL that is not in the registry. Raised synchronously by the registry, before any I/O:
 * TDSS never fetches a JSON-LD context from the network.
 */
export class UnknownContextError extends TdssError {
  readonly url: string;

  constructor(url: string) {
    super(`JSON-LD context ${url} is not available offline: it is neither bundled nor registered`, {
      code: 'JSONLD_UNKNOWN_CONTEXT',
      plugin: PACKAGE_NAME,
      hint: 'register the context document at start-up with registry.register(url, document); contexts are never fetched from the network',
    });
    this.name = 'UnknownContextError';
    this.url = url;
  }
}

/** A second, different document registered under a URL that already has one. */
export class ContextConflictError extends TdssError {
  constructor(url: string) {
    super(`JSON-LD context ${url} is already registered with a different document`, {
      code: 'JSONLD_CONTEXT_CONFLICT',
      plugin: PACKAGE_NAME,
      hint: 'a context URL names exactly one document; register a changed context under its own versioned URL',
    });
    this.name = 'ContextConflictError';
  }
}
