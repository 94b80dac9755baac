/**
 * Credentials whose issuer signature verified, by their exact compact JWS. A credential is
 * immutable, so its parse and its signature check hold as long as the issuer's DID document they
 * were checked against does: an entry is used only while the resolver still serves that same
 * document object (each resolution makes new, frozen objects). A key rotated out or revoked at the
 * issuer therefore stops verifying when the resolver's copy changes, as without this cache. Only
 * the signature and the parse are kept: validity window, subject, issuer trust and status lists
 * are checked on every presentation. The credential is frozen, so no caller changes what the
 * next one reads. Least recently used entries go first beyond `maxEntries`.
 */
import { deepFreeze } from '../deep-freeze.ts';
import type { DidDocument } from '../did/did-document.ts';
import type { ParsedCredential } from './parsed-credential.ts';

export interface VerifiedCredential {
  credential: ParsedCredential;
  /** The issuer's document the signature verified with. */
  document: DidDocument;
}

export interface VerifiedCredentialCache {
  get(jws: string): VerifiedCredential | undefined;
  set(jws: string, verified: VerifiedCredential): void;
}

export function createVerifiedCredentialCache(options: { maxEntries: number }): VerifiedCredentialCache {
  // A Map iterates in insertion order, which makes it the LRU list too.
  const entries = new Map<string, VerifiedCredential>();
  return {
    get(jws) {
      const entry = entries.get(jws);
      if (entry) {
        entries.delete(jws);
        entries.set(jws, entry);
      }
      return entry;
    },
    set(jws, verified) {
      entries.delete(jws);
      entries.set(jws, { credential: deepFreeze(verified.credential), document: verified.document });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
