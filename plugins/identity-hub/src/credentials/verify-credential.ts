/**
 * The checks every credential passes wherever it arrives (the Storage API, a presentation): the
 * issuer's signature with a key the issuer's DID document lists under assertionMethod, the
 * validity window and the subject. Trust in the issuer and revocation are checked by the callers
 * that know the dataspace. With a cache, a credential seen before skips the parse and the
 * signature check while its issuer's document is unchanged (see verified-credential-cache).
 */
import { type DidDocument, namesRelationship } from '../did/did-document.ts';
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
  const seen = await cached(raw, checks);
  const credential = seen && 'credential' in seen ? seen.credential : await verifySignature(raw, checks, seen);
  checkValidity(credential, checks.now, checks.clockSkewMs);
  if (credential.subjectId !== checks.holder) {
    throw new InvalidCredentialError(`the credential is about ${credential.subjectId}, not its holder ${checks.holder}`);
  }
  return credential;
}

/** The issuer's document as resolved for this check, handed to the full check so it is not resolved twice. */
interface ResolvedIssuer {
  issuer: string;
  document: DidDocument;
}

async function cached(raw: unknown, { cache, resolver, keysWithoutRelationships }: CredentialChecks): Promise<{ credential: ParsedCredential } | ResolvedIssuer | undefined> {
  const hit = typeof raw === 'string' ? cache?.get(raw) : undefined;
  if (!hit) return undefined;
  const { issuer } = hit.credential;
  // A resolution that fails now is reported by the full check that follows.
  const document = await resolver.resolve(issuer).catch(() => undefined);
  if (!document) return undefined;
  if (document !== hit.document) return { issuer, document };
  // Such a signature verified only in a dataspace that accepts keys without relationships; elsewhere the full check refuses it.
  if (!namesRelationship(document)) {
    if (!keysWithoutRelationships) return { issuer, document };
    keysWithoutRelationships.accepted(issuer);
  }
  return { credential: hit.credential };
}

async function verifySignature(raw: unknown, { cache, resolver, keysWithoutRelationships }: CredentialChecks, resolved: ResolvedIssuer | undefined): Promise<ParsedCredential> {
  const credential = parseCredential(raw);
  try {
    const { document } = await verifyJws(resolved ? resolvedOnce(resolver, resolved) : resolver, credential.raw, {
      relationship: 'assertionMethod',
      signer: credential.issuer,
      keysWithoutRelationships,
    });
    cache?.set(credential.raw, { credential, document });
  } catch (error) {
    if (error instanceof JwsVerificationError) throw new InvalidCredentialError(`the credential of ${credential.issuer} does not verify: ${error.message}`);
    throw error;
  }
  return credential;
}

/**
 * The resolver, answering for the issuer with the document the cache lookup just resolved: a
 * resolver without a cache (TTL 0) would otherwise fetch it again for every credential seen before.
 */
function resolvedOnce(resolver: DidResolver, { issuer, document }: ResolvedIssuer): DidResolver {
  return {
    resolve: (did) => (did === issuer ? Promise.resolve(document) : resolver.resolve(did)),
    evict: (did) => resolver.evict(did),
    methods: () => resolver.methods(),
  };
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
