/**
 * The credentials a counterparty presents, checked as DCP 1.0 wants them: every presentation must
 * verify (read-presentation) and so must every credential in it (verify-credential, with the
 * cache of credentials checked before), with the presentation's format. Those from an issuer not
 * trusted for their types are then left out, unchecked against status lists and not handed on:
 * the holder may present more than was asked for. The others must not be revoked or suspended,
 * and every type the dataspace requires must be among them.
 */
import { InvalidCredentialError, type ParsedCredential } from '../credentials/parsed-credential.ts';
import { sameType } from '../credentials/same-type.ts';
import { createVerifiedCredentialCache } from '../credentials/verified-credential-cache.ts';
import { verifyCredential } from '../credentials/verify-credential.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import type { StatusListChecker } from '../status/status-list-checker.ts';
import { checkIssuerTrust } from '../trust/check-issuer-trust.ts';
import type { DataspaceTrust } from '../trust/dataspace-trust.ts';
import { readPresentation } from './read-presentation.ts';

export interface PresentationVerifierOptions {
  resolver: DidResolver;
  statusLists: StatusListChecker;
  clockSkewMs: number;
  /** 0: every credential signature is checked. */
  verifiedCredentialCacheMaxEntries: number;
}

export interface PresentationsToVerify {
  trust: DataspaceTrust;
  /** The counterparty's DID. */
  holder: string;
  /** Our DID, the audience of the presentations. */
  verifier: string;
  presentations: unknown[];
  now: Date;
}

export interface VerifiedPresentations {
  /** Verified, from issuers trusted for them, not revoked or suspended. */
  trusted: ParsedCredential[];
  /** Why each credential left out was. */
  leftOut: string[];
}

export type PresentationVerifier = (input: PresentationsToVerify) => Promise<VerifiedPresentations>;

export function createPresentationVerifier(options: PresentationVerifierOptions): PresentationVerifier {
  const { resolver, statusLists, clockSkewMs } = options;
  const cache = options.verifiedCredentialCacheMaxEntries > 0 ? createVerifiedCredentialCache({ maxEntries: options.verifiedCredentialCacheMaxEntries }) : undefined;
  return async ({ trust, holder, verifier, presentations, now }) => {
    const { keysWithoutRelationships } = trust;
    const trusted: ParsedCredential[] = [];
    const leftOut: string[] = [];
    for (const presentation of presentations) {
      const presented = await readPresentation(presentation, { resolver, keysWithoutRelationships, holder, verifier, now, clockSkewMs });
      for (const raw of presented.credentials) {
        const credential = await verifyCredential(raw, { resolver, keysWithoutRelationships, holder, now, clockSkewMs, cache });
        if (credential.format !== presented.format) throw new InvalidCredentialError(`a ${credential.format} credential is in a ${presented.format} presentation`);
        try {
          checkIssuerTrust(trust, credential);
        } catch (error) {
          if (!(error instanceof InvalidCredentialError)) throw error;
          leftOut.push(error.message);
          continue;
        }
        await statusLists.check(credential, keysWithoutRelationships);
        trusted.push(credential);
      }
    }
    for (const type of trust.requiredCredentialTypes) {
      if (!trusted.some((credential) => credential.types.some((held) => sameType(held, type)))) {
        throw new InvalidCredentialError(`no valid ${type} of a trusted issuer was presented${leftOut.length ? ` (${leftOut.join('; ')})` : ''}`);
      }
    }
    return { trusted, leftOut };
  };
}
