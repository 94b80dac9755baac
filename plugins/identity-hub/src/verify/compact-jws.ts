/**
 * A compact JWS (RFC 7515) split into what verification needs, read strictly: three base64url
 * segments (no padding, no other characters: decoders would skip them) and a protected
 * header that is a JSON object. No JWS extension is understood, so a `crit` header, or `b64`
 * (RFC 7797 unencoded payloads), is refused.
 */
import { JwsVerificationError } from './jws-verification-error.ts';

export interface CompactJws {
  header: Record<string, unknown>;
  /** The ASCII bytes the signature covers: `<header>.<payload>` as sent. */
  signingInput: Buffer;
  payload: Buffer;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A length of 4n + 1 leaves 6 bits that decoders drop silently: no encoder writes one. */
const isBase64url = (segment: string) => segment.length % 4 !== 1 && BASE64URL.test(segment);

export function readCompactJws(jws: string): CompactJws {
  const first = jws.indexOf('.');
  const second = jws.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || jws.indexOf('.', second + 1) >= 0) throw malformed('a compact JWS has three dot-separated segments');
  const headerSegment = jws.slice(0, first);
  const payloadSegment = jws.slice(first + 1, second);
  const signatureSegment = jws.slice(second + 1);
  if (!isBase64url(headerSegment) || !isBase64url(payloadSegment) || !isBase64url(signatureSegment) || signatureSegment.length === 0) {
    throw malformed('the JWS segments must be unpadded base64url');
  }
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(headerSegment, 'base64url').toString('utf8'));
  } catch (error) {
    throw malformed('the JWS protected header cannot be read', error);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw malformed('the JWS protected header is not a JSON object');
  if ('crit' in header || 'b64' in header) throw malformed('the JWS uses an extension (crit, b64) that is not supported');
  return {
    header: header as Record<string, unknown>,
    signingInput: Buffer.from(jws.slice(0, second), 'latin1'),
    payload: Buffer.from(payloadSegment, 'base64url'),
    signature: Buffer.from(signatureSegment, 'base64url'),
  };
}

function malformed(message: string, cause?: unknown): JwsVerificationError {
  return new JwsVerificationError('malformed', message, cause === undefined ? undefined : { cause });
}
