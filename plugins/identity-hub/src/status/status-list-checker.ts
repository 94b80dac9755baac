/**
 * Checks the revocation and suspension entries of credentials against their issuers' status
 * lists. A fetched list is reused for `cacheTtlMs` (LRU, `cacheMaxEntries`); concurrent checks
 * of one list share one fetch; failures are not cached. A list whose status cannot be learned
 * (unreachable, too large, malformed, signed by someone else) refuses the credential.
 */
import { InvalidCredentialError, type ParsedCredential } from '../credentials/parsed-credential.ts';
import { fetchLimited, RemoteError } from '../remote/fetch-limited.ts';
import { remoteUrlProblem } from '../remote/remote-url.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import { JwsVerificationError } from '../verify/jws-verification-error.ts';
import type { KeysWithoutRelationships } from '../verify/keys-without-relationships.ts';
import { verifyJws } from '../verify/verify-jws.ts';
import { BLOCKING_PURPOSES, readStatusEntry } from './status-entry.ts';
import { bitAt, readStatusList, type StatusList } from './status-list.ts';

export interface StatusListChecker {
  /**
   * Rejects with InvalidCredentialError when a revocation or suspension bit of the credential is
   * set. `keysWithoutRelationships`: the verifying dataspace's setting, for signed lists (absent: strict).
   */
  check(credential: ParsedCredential, keysWithoutRelationships?: KeysWithoutRelationships): Promise<void>;
}

export interface StatusListCheckerOptions {
  resolver: DidResolver;
  httpLoopback: boolean;
  timeoutMs: number;
  maxBytes: number;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  now?: () => number;
}

export function createStatusListChecker(options: StatusListCheckerOptions): StatusListChecker {
  const { now = Date.now } = options;
  // A Map iterates in insertion order, which makes it the LRU list too. Keyed by URL, and apart by
  // whether keys without relationships were accepted: a list verified that way must not serve a strict dataspace.
  const cache = new Map<string, { list: StatusList; expiresAt: number }>();
  const inFlight = new Map<string, Promise<StatusList>>();

  function cached(key: string): StatusList | undefined {
    const entry = cache.get(key);
    if (!entry) return undefined;
    cache.delete(key);
    if (entry.expiresAt <= now()) return undefined;
    cache.set(key, entry);
    return entry.list;
  }

  async function fetchList(url: string, key: string, keysWithoutRelationships: KeysWithoutRelationships | undefined): Promise<StatusList> {
    const problem = remoteUrlProblem(url, { httpLoopback: options.httpLoopback });
    if (problem) throw new InvalidCredentialError(`the status list URL ${url} ${problem}`);
    let text: string;
    try {
      const response = await fetchLimited(url, {
        headers: { accept: 'application/vc+jwt, application/vc+ld+json, application/json' },
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes,
      });
      if (response.status !== 200) throw new RemoteError(`${url} answered ${response.status}`);
      text = response.text;
    } catch (error) {
      if (error instanceof RemoteError) throw new InvalidCredentialError(`the status list cannot be fetched: ${error.message}`);
      throw error;
    }
    const list = readStatusList(text, options.maxBytes);
    if (list.jws !== undefined) {
      if (!list.issuer?.startsWith('did:')) throw new InvalidCredentialError(`the status list at ${url} names no issuer DID`);
      try {
        await verifyJws(options.resolver, list.jws, { relationship: 'assertionMethod', signer: list.issuer, keysWithoutRelationships });
      } catch (error) {
        if (error instanceof JwsVerificationError) throw new InvalidCredentialError(`the status list at ${url} does not verify: ${error.message}`);
        throw error;
      }
    }
    if (options.cacheTtlMs > 0) {
      cache.set(key, { list, expiresAt: now() + options.cacheTtlMs });
      while (cache.size > options.cacheMaxEntries) cache.delete(cache.keys().next().value!);
    }
    return list;
  }

  function load(url: string, keysWithoutRelationships: KeysWithoutRelationships | undefined): Promise<StatusList> {
    const key = keysWithoutRelationships ? `keys-without-relationships ${url}` : url;
    const hit = cached(key);
    if (hit) return Promise.resolve(hit);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = fetchList(url, key, keysWithoutRelationships).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    async check(credential, keysWithoutRelationships) {
      for (const raw of credential.status) {
        const entry = readStatusEntry(raw);
        if (!(BLOCKING_PURPOSES as readonly string[]).includes(entry.purpose)) continue;
        const list = await load(entry.listUrl, keysWithoutRelationships);
        // An unsigned list has only the URL the issuer signed into the credential to vouch for it;
        // it must at least not name another issuer.
        if (list.issuer !== undefined && list.issuer !== credential.issuer) {
          throw new InvalidCredentialError(`the status list at ${entry.listUrl} belongs to ${list.issuer}, not to the credential's issuer`);
        }
        if (list.purposes.length > 0 && !list.purposes.includes(entry.purpose)) {
          throw new InvalidCredentialError(`the status list at ${entry.listUrl} is not a ${entry.purpose} list`);
        }
        if (list.validUntil && list.validUntil.getTime() <= now()) throw new InvalidCredentialError(`the status list at ${entry.listUrl} has expired`);
        const bit = bitAt(list.bits, entry.index);
        if (bit === undefined) throw new InvalidCredentialError(`statusListIndex ${entry.index} lies beyond the status list at ${entry.listUrl}`);
        if (bit) throw new InvalidCredentialError(entry.purpose === 'revocation' ? 'the credential has been revoked' : 'the credential is suspended');
      }
    },
  };
}
