/**
 * A verifiable credential secured as a compact JWS, in either format DCP 1.0 profiles name:
 * `vc11-sl2021/jwt` (VC Data Model 1.1 as a JWT with a `vc` claim) or `vc20-bssl/jwt` (VC Data
 * Model 2.0 with an enveloping JOSE proof: the payload is the credential itself).
 */
export const CREDENTIAL_FORMATS = ['vc11-sl2021/jwt', 'vc20-bssl/jwt'] as const;
export type CredentialFormat = (typeof CREDENTIAL_FORMATS)[number];

export interface ParsedCredential {
  format: CredentialFormat;
  /** The compact JWS as the issuer signed it. */
  raw: string;
  /** The credential's `id` (VC 1.1 JWT: `jti`, else `vc.id`). */
  id: string | undefined;
  /** The `type` values as written (terms or IRIs). */
  types: string[];
  /** The issuer DID. */
  issuer: string;
  /** `credentialSubject`: one object, or several. Each has the same `id`. */
  subjects: Record<string, unknown>[];
  /** The `id` of the credential subject, the DID the credential is about. */
  subjectId: string;
  /** The latest start of validity among the JWT `nbf` and the credential's own field. */
  validFrom: Date | undefined;
  /** The earliest end of validity among the JWT `exp` and the credential's own field. */
  validUntil: Date | undefined;
  /** `credentialStatus` entries, as written. */
  status: Record<string, unknown>[];
  /** The decoded JWS payload (the JWT claims with `vc` for 1.1, the credential for 2.0). */
  payload: Record<string, unknown>;
}

/** A credential that cannot be read or does not hold; the message is safe to return, it never repeats the credential. */
export class InvalidCredentialError extends Error {
  override readonly name = 'InvalidCredentialError';
}
