import { deepFreeze } from '../deep-freeze.ts';
import type { DidDocument } from '../did/did-document.ts';
import { DidResolutionError } from './did-resolution-error.ts';
import type { DidMethodResolver, DidResolver } from './did-resolver.ts';
import type { ResolutionCache } from './resolution-cache.ts';

/** DID Core syntax: `did:<method>:<method-specific-id>`, the id of idchars, `%XX` and inner colons. */
const DID = /^did:([a-z0-9]+):(?:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+$/;
const MAX_DID_LENGTH = 2_048;

export interface DidResolverOptions {
  resolvers: readonly DidMethodResolver[];
  cache: ResolutionCache;
  /** Bound on one resolution, enforced even on a method resolver that ignores its signal. */
  timeoutMs: number;
}

/**
 * Dispatches by method, caches answers, and shares one resolution among concurrent callers of the
 * same DID. Cached documents are frozen: one caller cannot change what the next one reads.
 */
export function createDidResolver(options: DidResolverOptions): DidResolver {
  const byMethod = new Map(options.resolvers.map((r) => [r.method, r]));
  const { cache, timeoutMs } = options;
  // An evict() drops the entry, so a resolution that began before it neither caches its
  // (possibly outdated) answer nor serves callers that come after it.
  const inFlight = new Map<string, { promise: Promise<DidDocument> }>();

  function resolveShared(did: string, resolver: DidMethodResolver): Promise<DidDocument> {
    const entry = {} as { promise: Promise<DidDocument> };
    entry.promise = resolveWithin(did, resolver, timeoutMs)
      .then((document) => {
        if (inFlight.get(did) === entry) cache.set(did, document);
        return document;
      })
      .finally(() => {
        if (inFlight.get(did) === entry) inFlight.delete(did);
      });
    inFlight.set(did, entry);
    return entry.promise;
  }

  return {
    async resolve(didUrl) {
      const did = didOf(didUrl);
      const method = did.length <= MAX_DID_LENGTH ? DID.exec(did)?.[1] : undefined;
      if (method === undefined) throw new DidResolutionError('invalidDid', did, 'not a valid DID');
      const resolver = byMethod.get(method);
      if (!resolver) {
        throw new DidResolutionError('methodNotSupported', did, `did:${method} is not resolved here (known: ${[...byMethod.keys()].sort().join(', ')})`);
      }
      return cache.get(did) ?? inFlight.get(did)?.promise ?? resolveShared(did, resolver);
    },
    evict(didUrl) {
      const did = didOf(didUrl);
      cache.delete(did);
      inFlight.delete(did);
    },
    methods: () => [...byMethod.keys()].sort(),
  };
}

async function resolveWithin(did: string, resolver: DidMethodResolver, timeoutMs: number): Promise<DidDocument> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DidResolutionError('timeout', did, `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const document = await Promise.race([resolver.resolve(did, { signal: controller.signal }), timedOut]);
    if (document?.id !== did) throw new DidResolutionError('invalidDidDocument', did, 'the document id is not the DID that was resolved');
    return deepFreeze(document);
  } catch (error) {
    // Callers handle one error type, whatever a contributed resolver threw.
    if (error instanceof DidResolutionError) throw error;
    throw new DidResolutionError('internalError', did, `the did:${resolver.method} resolver failed`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** The DID of a DID URL: everything before its path, query or fragment. */
function didOf(didUrl: string): string {
  const end = didUrl.search(/[/?#]/);
  return end === -1 ? didUrl : didUrl.slice(0, end);
}
