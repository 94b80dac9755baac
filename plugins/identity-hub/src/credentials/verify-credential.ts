/**
 * The checks every credential passes wherever it arrives (the Storage API, a presentation): the
 * issuer's signature with a key the issuer's DID document lists under assertionMethod, the
 * validity window and the subject. Trust in the issuer and revocation are checked by the callers
 * that know the dataspace. With a cache, a credential seen before skips the parse and the
 * signature check while its issuer's document is unchanged (see verified-credential-cache).
 */
import { namesRelationship } from '../did/did-document.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import { JwsVerificationError } from '../verify/jws-verification-error.ts';
import type { KeysWithoutRelationships } from '../verify/keys-without-relationships.ts';
import { verifyJws } from '../verify/verify-jws.ts';
import { parseCredential } from './parse-credential.ts';
import type { VerifiedCredentialCache } from './verified-credential-cache.ts';
import { InvalidCredentialError, type ParsedCredential } from './parsed-credential.ts';

export interface CredentialChecks {
  resolver: DidResolver;
  /** The dataspace's acceptKeysWithoutRelationships, when on; absent: strict. */
  keysWithoutRelationships?: KeysWithoutRelationships | undefined;
  /** The DID the credential must be about. */
  holder: string;
  now: Date;
  clockSkewMs: number;
  cache?: VerifiedCredentialCache;
}

export async function verifyCredential(raw: unknown, checks: CredentialChecks): Promise<ParsedCredential> {
  const credential = (await cached(raw, checks)) ?? (await verifySignature(raw, checks));
  checkValidity(credential, checks.now, checks.clockSkewMs);
  if (credential.subjectId !== checks.holder) {
    throw new InvalidCredentialError(`the credential is about ${credential.subjectId}, not its holder ${checks.holder}`);
  }
  return credential;
}

async function cached(raw: unknown, { cache, resolver, keysWithoutRelationships }: CredentialChecks): Promise<ParsedCredential | undefined> {
  const hit = typeof raw === 'string' ? cache?.get(raw) : undefined;
  if (!hit) return undefined;
  // A resolution that fails now is reported by the full check that follows.
  const document = await resolver.resolve(hit.credential.issuer).catch(() => undefined);
  if (document !== hit.document) return undefined;
  // Such a signature verified only in a dataspace that accepts keys without relationships; elsewhere the full check refuses it.
  if (!namesRelationship(document)) {
    if (!keysWithoutRelationships) return undefined;
    keysWithoutRelationships.accepted(hit.credential.issuer);
  }
  return hit.credential;
}

async function verifySignature(raw: unknown, { cache, resolver, keysWithoutRelationships }: CredentialChecks): Promise<ParsedCredential> {
  const credential = parseCredential(raw);
  try {
    const { document } = await verifyJws(resolver, credential.raw, { relationship: 'assertionMethod', signer: credential.issuer, keysWithoutRelationships });
    cache?.set(credential.raw, { credential, document });
  } catch (error) {
    if (error instanceof JwsVerificationError) throw new InvalidCredentialError(`the credential of ${credential.issuer} does not verify: ${error.message}`);
    throw error;
  }
  return credential;
}

export function checkValidity(credential: ParsedCredential, now: Date, clockSkewMs: number): void {
  const { validFrom, validUntil } = credential;
  if (validFrom && validFrom.getTime() > now.getTime() + clockSkewMs) {
    throw new InvalidCredentialError(`the credential is not valid before ${validFrom.toISOString()}`);
  }
  if (validUntil && validUntil.getTime() <= now.getTime() - clockSkewMs) {
    throw new InvalidCredentialError(`the credential expired at ${validUntil.toISOString()}`);
  }
}
