/**
 * did:key (https://w3c-ccg.github.io/did-method-key/) for Ed25519 and P-256: the key is in the
 * DID itself, multibase base58btc (`z`) over a multicodec prefix, so resolution is local. The
 * document has one JsonWebKey2020 verification method, in every relationship a signing key has;
 * a P-256 key also agrees keys (ECDH). Ed25519's derived X25519 key is left out: nothing here
 * encrypts.
 */
import { ECDH } from 'node:crypto';
import type { JWK } from 'jose';
import type { DidDocument } from '../did/did-document.ts';
import { decodeBase58btc } from './base58btc.ts';
import { DidResolutionError } from './did-resolution-error.ts';
import type { DidMethodResolver } from './did-resolver.ts';

/** Multicodec varint prefixes: ed25519-pub (0xed) and p256-pub (0x1200, compressed point). */
const CODECS = [
  { prefix: [0xed, 0x01], length: 32, keyAgreement: false, jwk: (key: Uint8Array): JWK => ({ kty: 'OKP', crv: 'Ed25519', x: base64url(key) }) },
  {
    prefix: [0x80, 0x24],
    length: 33,
    keyAgreement: true,
    jwk: (key: Uint8Array): JWK => {
      const point = ECDH.convertKey(key, 'prime256v1', undefined, undefined, 'uncompressed') as Buffer;
      return { kty: 'EC', crv: 'P-256', x: base64url(point.subarray(1, 33)), y: base64url(point.subarray(33)) };
    },
  },
];

export function createDidKeyResolver(): DidMethodResolver {
  return {
    method: 'key',
    async resolve(did) {
      const { codec, publicKeyJwk } = decode(did);
      const id = `${did}#${did.slice('did:key:'.length)}`;
      return {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
        id: did,
        verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk }],
        authentication: [id],
        assertionMethod: [id],
        capabilityInvocation: [id],
        capabilityDelegation: [id],
        ...(codec.keyAgreement ? { keyAgreement: [id] } : {}),
      } satisfies DidDocument;
    },
  };
}

function decode(did: string): { codec: (typeof CODECS)[number]; publicKeyJwk: JWK } {
  const multibase = did.slice('did:key:'.length);
  const bytes = multibase.startsWith('z') ? decodeBase58btc(multibase.slice(1)) : undefined;
  if (!bytes) throw new DidResolutionError('invalidDid', did, 'a did:key must be multibase base58btc (starting with z)');
  const codec = CODECS.find((c) => c.prefix.every((byte, i) => bytes[i] === byte));
  if (!codec) throw new DidResolutionError('methodNotSupported', did, 'only Ed25519 and P-256 did:key DIDs are resolved here');
  const key = bytes.subarray(codec.prefix.length);
  if (key.length !== codec.length) throw new DidResolutionError('invalidDid', did, `the key must be ${codec.length} bytes, found ${key.length}`);
  try {
    return { codec, publicKeyJwk: codec.jwk(key) };
  } catch (error) {
    throw new DidResolutionError('invalidDid', did, 'the key is not a point on its curve', { cause: error });
  }
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
