/**
 * The JWS `alg`s verified here, each with the key type it needs and how node:crypto checks it.
 * Others (`none`, HMAC, RSA) are refused. RFC 9864 adds `Ed25519` beside `EdDSA`.
 */
export interface JwsAlgorithm {
  /** `<kty>/<crv>` of the JWK the alg needs. */
  key: string;
  /** The digest node:crypto's verify takes: none for Ed25519, which hashes itself. */
  digest: string | undefined;
  /** JWS ECDSA signatures are r‖s of fixed length (IEEE P1363), not DER. */
  signatureBytes: number;
}

export const JWS_ALGORITHMS: Readonly<Record<string, JwsAlgorithm>> = {
  EdDSA: { key: 'OKP/Ed25519', digest: undefined, signatureBytes: 64 },
  Ed25519: { key: 'OKP/Ed25519', digest: undefined, signatureBytes: 64 },
  ES256: { key: 'EC/P-256', digest: 'sha256', signatureBytes: 64 },
  ES384: { key: 'EC/P-384', digest: 'sha384', signatureBytes: 96 },
  ES512: { key: 'EC/P-521', digest: 'sha512', signatureBytes: 132 },
};

const ALGS_OF_KEY = new Map<string, string[]>();
for (const [alg, { key }] of Object.entries(JWS_ALGORITHMS)) ALGS_OF_KEY.set(key, [...(ALGS_OF_KEY.get(key) ?? []), alg]);

/** The algs a key of `<kty>/<crv>` verifies, or none. */
export function algsOfKey(key: string): readonly string[] {
  return ALGS_OF_KEY.get(key) ?? [];
}
