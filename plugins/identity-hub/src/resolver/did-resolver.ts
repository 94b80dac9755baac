/**
 * DID resolution: one resolver per DID method, contributed to DidResolvers, and the DidResolver
 * service that picks the one for a DID's method and caches what it answers.
 */
import { createExtensionPoint, createServiceToken } from '@tdss/sdk';
import type { DidDocument } from '../did/did-document.ts';

export interface DidMethodResolver {
  /** The method name, e.g. `web` for `did:web:…`. */
  readonly method: string;
  /**
   * The document of `did` (no fragment, query or path). Rejects with DidResolutionError; `signal`
   * aborts when the caller stops waiting.
   */
  resolve(did: string, options: { signal: AbortSignal }): Promise<DidDocument>;
}

export const DidResolvers = createExtensionPoint<DidMethodResolver>('tdss.DidResolvers', {
  description:
    'Resolvers for DID methods; a contribution for web or key replaces the built-in one, and two contributions for one method fail start-up.',
});

export interface DidResolver {
  /**
   * The DID document of `did` (a DID URL's fragment, query and path are dropped), from the cache
   * while it is fresh. Rejects with DidResolutionError.
   */
  resolve(did: string): Promise<DidDocument>;
  /** Forgets a cached document, e.g. after this runtime changed it. */
  evict(did: string): void;
  /** The methods this runtime resolves, sorted. */
  methods(): string[];
}

export const DidResolver = createServiceToken<DidResolver>('tdss.DidResolver', {
  description: 'Resolves DIDs through the resolver contributed for their method (did:web and did:key built in), with a cache.',
  providedBy: ['@tdss/identity-hub'],
});
