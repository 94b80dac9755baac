/**
 * A JWS that does not verify, with a reason that is safe to log and to return to the party that
 * sent it (it never repeats the token).
 */
export type JwsVerificationErrorCode =
  | 'malformed'
  | 'unresolvable'
  | 'wrongSigner'
  | 'unknownKey'
  | 'unauthorizedKey'
  | 'unsupportedKey'
  | 'badSignature';

export class JwsVerificationError extends Error {
  override readonly name = 'JwsVerificationError';
  readonly code: JwsVerificationErrorCode;

  constructor(code: JwsVerificationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
