/**
 * A DID that could not be resolved. Codes follow DID Resolution's error names, plus the limits
 * this runtime sets; messages never carry the document, so they are safe to log and to show.
 */
export type DidResolutionErrorCode =
  | 'invalidDid'
  | 'methodNotSupported'
  | 'notFound'
  | 'invalidDidDocument'
  | 'timeout'
  | 'tooLarge'
  | 'unreachable'
  | 'internalError';

export class DidResolutionError extends Error {
  override readonly name = 'DidResolutionError';
  readonly code: DidResolutionErrorCode;
  readonly did: string;

  constructor(code: DidResolutionErrorCode, did: string, detail: string, options?: { cause?: unknown }) {
    super(`cannot resolve ${shorten(did)}: ${detail}`, options);
    this.code = code;
    this.did = did;
  }
}

/** DIDs come from untrusted tokens: a message repeats only so much of one. */
function shorten(did: string): string {
  return did.length > 200 ? `${did.slice(0, 200)}…` : did;
}
