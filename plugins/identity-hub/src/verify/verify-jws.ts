/**
 * Verifies a compact JWS whose `kid` is a DID URL: the key is taken from the DID document as the
 * DidResolver resolves it now, so a key that left the document (revoked) no longer verifies.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { JWK, ProtectedHeaderParameters } from 'jose';
import { type DidDocument, hasRelationship, namesRelationship, sameId, VERIFICATION_RELATIONSHIPS, type VerificationMethod, type VerificationRelationship } from '../did/did-document.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import { readCompactJws } from './compact-jws.ts';
import { algsOfKey, JWS_ALGORITHMS } from './jws-algorithms.ts';
import { JwsVerificationError } from './jws-verification-error.ts';
import type { KeysWithoutRelationships } from './keys-without-relationships.ts';

export interface VerifiedJws {
  /** The DID whose document holds the key. */
  did: string;
  /** That document, as the resolver served it for this verification. */
  document: DidDocument;
  verificationMethod: VerificationMethod;
  protectedHeader: ProtectedHeaderParameters;
  payload: Uint8Array;
}

export interface VerifyJwsOptions {
  /**
   * The relationship the key must have in the document: `assertionMethod` (the default) for
   * credentials and presentations, `capabilityInvocation` for DCP self-issued tokens.
   */
  relationship?: VerificationRelationship;
  /**
   * The DID that claims to have signed (a token's `iss`, a credential's issuer). A `kid` of another
   * DID is then refused (`wrongSigner`), and a JWS without `kid` is verified with that DID's only
   * verification method, as DCP 1.0 allows for self-issued tokens; without `signer` a `kid` is required.
   */
  signer?: string;
  /**
   * The dataspace's `acceptKeysWithoutRelationships` setting, when it is on: a document that lists
   * no key under any relationship has each of its `verificationMethod` keys count as listed under
   * `relationship`. A document that lists any is checked strictly.
   */
  keysWithoutRelationships?: KeysWithoutRelationships;
}

export async function verifyJws(resolver: DidResolver, jws: string, options: VerifyJwsOptions = {}): Promise<VerifiedJws> {
  const relationship = options.relationship ?? 'assertionMethod';
  const { header, signingInput, payload, signature } = readCompactJws(jws);
  const { did, kid, document } = await signingKey(resolver, header, options.signer);
  const method = findMethod(document, kid);
  if (!method) throw new JwsVerificationError('unknownKey', `${kid} is not a verification method of ${did}`);
  const listed = hasRelationship(document, kid, relationship);
  if (!listed) {
    const statesPurposes = namesRelationship(document);
    if (statesPurposes || !options.keysWithoutRelationships) {
      const why = statesPurposes ? '' : ' (the document lists no key under any relationship; the dataspace setting acceptKeysWithoutRelationships accepts such keys)';
      throw new JwsVerificationError('unauthorizedKey', `${kid} is not listed under ${relationship} of ${did}${why}`);
    }
  }
  const jwk = method.publicKeyJwk;
  const algs = jwk ? algsOfKey(`${jwk.kty}/${jwk.crv}`) : [];
  if (!jwk || algs.length === 0) throw new JwsVerificationError('unsupportedKey', `${kid} has no Ed25519 or NIST-curve publicKeyJwk`);
  const alg = header.alg;
  if (typeof alg !== 'string' || !algs.includes(alg)) {
    throw new JwsVerificationError('unsupportedKey', `the JWS alg ${String(alg)} does not fit ${kid}, which needs ${algs.join(' or ')}`);
  }

  const { digest, signatureBytes } = JWS_ALGORITHMS[alg]!;
  let holds = false;
  try {
    // Synchronous: node's callback form blocks the event loop just as long (Node 24) and adds a job
    // per check; WebCrypto's pool hop costs more CPU than the ~60 µs check it moves.
    holds = signature.length === signatureBytes && verify(digest, signingInput, { key: publicKey(method, jwk), dsaEncoding: 'ieee-p1363' }, signature);
  } catch (error) {
    throw new JwsVerificationError('badSignature', `the signature does not verify with ${kid}`, { cause: error });
  }
  if (!holds) throw new JwsVerificationError('badSignature', `the signature does not verify with ${kid}`);
  if (!listed) options.keysWithoutRelationships!.accepted(did);
  return { did, document, verificationMethod: method, protectedHeader: header as ProtectedHeaderParameters, payload };
}

/**
 * Imported keys by verification method. An import costs a third to a half of a signature check
 * (about 15 µs for Ed25519, 28 µs for P-256). Resolved documents are frozen and each resolution makes new objects, so a key is
 * reused exactly as long as the resolver keeps serving the document it came from.
 */
const importedKeys = new WeakMap<VerificationMethod, KeyObject>();

function publicKey(method: VerificationMethod, jwk: JWK): KeyObject {
  let key = importedKeys.get(method);
  if (!key) {
    // Only the public members: a document that carries `d` must not make this a private key.
    const { kty, crv, x, y } = jwk;
    key = createPublicKey({ key: { kty, crv, x, ...(y === undefined ? {} : { y }) }, format: 'jwk' });
    importedKeys.set(method, key);
  }
  return key;
}

async function signingKey(
  resolver: DidResolver,
  header: Record<string, unknown>,
  signer: string | undefined,
): Promise<{ did: string; kid: string; document: DidDocument }> {
  const kid = header.kid;
  if (kid === undefined && signer !== undefined) {
    const document = await resolve(resolver, signer);
    const methods = document.verificationMethod ?? [];
    if (methods.length !== 1) {
      throw new JwsVerificationError('malformed', `the JWS has no kid and ${signer} has ${methods.length} verification methods: a kid must name one`);
    }
    const id = methods[0]!.id;
    return { did: signer, kid: id.startsWith('#') ? `${document.id}${id}` : id, document };
  }
  const hash = typeof kid === 'string' ? kid.indexOf('#') : -1;
  if (typeof kid !== 'string' || !kid.startsWith('did:') || hash < 0) {
    throw new JwsVerificationError('malformed', 'the JWS kid must be a DID URL with a fragment (did:…#key)');
  }
  const did = kid.slice(0, hash);
  if (signer !== undefined && did !== signer) {
    throw new JwsVerificationError('wrongSigner', `the JWS is signed with a key of ${did}, not of ${signer}`);
  }
  return { did, kid, document: await resolve(resolver, did) };
}

async function resolve(resolver: DidResolver, did: string): Promise<DidDocument> {
  try {
    return await resolver.resolve(did);
  } catch (error) {
    throw new JwsVerificationError('unresolvable', (error as Error).message, { cause: error });
  }
}

function findMethod(document: DidDocument, kid: string): VerificationMethod | undefined {
  const embedded = VERIFICATION_RELATIONSHIPS.flatMap((name) => document[name] ?? []).filter((e): e is VerificationMethod => typeof e === 'object');
  return [...(document.verificationMethod ?? []), ...embedded].find((m) => sameId(document, m.id, kid));
}
