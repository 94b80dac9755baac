/**
 * did:key resolution against the did:key specification's test vectors
 * (github.com/w3c-ccg/did-method-key, test-vectors/ed25519-x25519.json and nist-curves.json):
 * the DIDs, their public keys and, where the vectors give them, private keys to sign with.
 */
import { createPrivateKey, ECDH } from 'node:crypto';
import { CompactSign, importJWK, type JWK } from 'jose';
import t from 'tap';
import { verifyJws } from '../verify/verify-jws.ts';
import { decodeBase58btc } from './base58btc.ts';
import { createDidResolver } from './create-did-resolver.ts';
import { createDidKeyResolver } from './did-key-resolver.ts';
import { DidResolutionError } from './did-resolution-error.ts';
import { createResolutionCache } from './resolution-cache.ts';

/** ed25519-x25519.json: seed → DID and publicKeyBase58 of its verification key. */
const ED25519_VECTORS = [
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000000',
    did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    publicKeyBase58: '4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS',
  },
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000001',
    did: 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG',
    publicKeyBase58: '6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt',
  },
];

/** nist-curves.json: P-256 DIDs with their public and private JWKs. */
const P256_VECTORS = [
  {
    did: 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv',
    privateKeyJwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns',
      y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM',
      d: 'gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc',
    },
  },
  {
    did: 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    privateKeyJwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI',
      y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU',
      d: 'YjRs6vNvw4sYrzVVY8ipkEpDAD9PFqw1sUnvPRMA-WI',
    },
  },
];

/** nist-curves.json, the P256Key2021 vector: the compressed point in base58. */
const P256_COMPRESSED = {
  did: 'did:key:zDnaeTiq1PdzvZXUaMdezchcMJQpBdH2VN4pgrrEhMCCbmwSb',
  publicKeyBase58: 'ekVhkcBFq3w7jULLkBVye6PwaTuMbhJYuzwFnNcgQAPV',
};

function resolverOfDidKey() {
  return createDidResolver({ resolvers: [createDidKeyResolver()], cache: createResolutionCache({ ttlMs: 0, maxEntries: 1 }), timeoutMs: 1_000 });
}

const fragmentOf = (did: string) => `${did}#${did.slice('did:key:'.length)}`;

t.test('Ed25519 vectors resolve to their public key, and a signature by the seed key verifies', async (t) => {
  const resolver = resolverOfDidKey();
  for (const vector of ED25519_VECTORS) {
    const document = await resolver.resolve(vector.did);
    const id = fragmentOf(vector.did);
    t.same(document.verificationMethod, [
      {
        id,
        type: 'JsonWebKey2020',
        controller: vector.did,
        publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(decodeBase58btc(vector.publicKeyBase58)!).toString('base64url') },
      },
    ]);
    for (const relationship of ['authentication', 'assertionMethod', 'capabilityInvocation', 'capabilityDelegation'] as const) {
      t.same(document[relationship], [id], relationship);
    }
    t.notOk('keyAgreement' in document, 'no X25519 key agreement');

    // PKCS#8 of an Ed25519 seed: the fixed RFC 8410 prefix, then the 32 seed bytes.
    const privateKey = createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${vector.seed}`, 'hex'), format: 'der', type: 'pkcs8' });
    const jws = await new CompactSign(new TextEncoder().encode('hello')).setProtectedHeader({ alg: 'EdDSA', kid: id }).sign(privateKey);
    const verified = await verifyJws(resolver, jws, { relationship: 'capabilityInvocation' });
    t.equal(new TextDecoder().decode(verified.payload), 'hello');
    t.equal(verified.did, vector.did);
  }
});

t.test('P-256 vectors resolve to the documents the vectors give, and signatures by their private keys verify', async (t) => {
  const resolver = resolverOfDidKey();
  for (const vector of P256_VECTORS) {
    const { d: _d, ...publicKeyJwk } = vector.privateKeyJwk;
    const id = fragmentOf(vector.did);
    t.same(await resolver.resolve(vector.did), {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: vector.did,
      verificationMethod: [{ id, type: 'JsonWebKey2020', controller: vector.did, publicKeyJwk }],
      assertionMethod: [id],
      authentication: [id],
      capabilityInvocation: [id],
      capabilityDelegation: [id],
      keyAgreement: [id],
    });
    const jws = await new CompactSign(new TextEncoder().encode('{"a":1}'))
      .setProtectedHeader({ alg: 'ES256', kid: id })
      .sign(await importJWK(vector.privateKeyJwk as JWK, 'ES256'));
    t.equal(new TextDecoder().decode((await verifyJws(resolver, jws)).payload), '{"a":1}');
  }
});

t.test('the P256Key2021 vector decompresses to the point the vector gives', async (t) => {
  const document = await resolverOfDidKey().resolve(P256_COMPRESSED.did);
  const jwk = document.verificationMethod![0]!.publicKeyJwk!;
  const uncompressed = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  const compressed = ECDH.convertKey(uncompressed, 'prime256v1', undefined, undefined, 'compressed') as Buffer;
  t.same([...compressed], [...decodeBase58btc(P256_COMPRESSED.publicKeyBase58)!]);
});

t.test('malformed and unsupported did:key DIDs fail with a resolution error', async (t) => {
  const resolver = resolverOfDidKey();
  const cases: Array<[string, string]> = [
    ['did:key:f6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp', 'invalidDid'], // not base58btc
    ['did:key:z0OIl', 'invalidDid'], // outside the base58 alphabet
    ['did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme', 'methodNotSupported'], // secp256k1
    [`did:key:z${encodeBase58([0xed, 0x01, ...new Array<number>(31).fill(7)])}`, 'invalidDid'], // 31 bytes, not 32
    // p256-pub prefix with 33 bytes that are no point on the curve (x = all ones, prefix 0x02).
    [`did:key:z${encodeBase58([0x80, 0x24, 0x02, ...new Array<number>(32).fill(0xff)])}`, 'invalidDid'],
  ];
  for (const [did, code] of cases) {
    const error = await resolver.resolve(did).catch((e: unknown) => e);
    t.ok(error instanceof DidResolutionError, did);
    t.equal((error as DidResolutionError).code, code, did);
  }
});

/** Test-only encoder for crafting DIDs. */
function encodeBase58(bytes: number[]): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = alphabet[Number(value % 58n)] + out;
    value /= 58n;
  }
  return out;
}
