/**
 * A status list credential (BitstringStatusListCredential or StatusList2021Credential), as JSON or
 * secured as a JWS, and the bits of its `encodedList`: a GZIP-compressed bitstring, base64url with
 * the multibase prefix `u` (Bitstring Status List) or base64 (StatusList2021). Bit 0 is the most
 * significant bit of the first byte in both.
 */
import { gunzipSync } from 'node:zlib';
import { decodeJwt } from 'jose';
import { isObject } from '../credentials/parse-credential.ts';
import { InvalidCredentialError } from '../credentials/parsed-credential.ts';

export interface StatusList {
  issuer: string | undefined;
  purposes: string[];
  validUntil: Date | undefined;
  bits: Buffer;
  /** The JWS when the list came secured as one; its signature is checked against the issuer. */
  jws: string | undefined;
}

export function readStatusList(text: string, maxBytes: number): StatusList {
  const trimmed = text.trim();
  const jws = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed) ? trimmed : undefined;
  let document: unknown;
  try {
    document = jws ? decodeJwt(jws) : JSON.parse(trimmed);
  } catch {
    throw new InvalidCredentialError('the status list credential is neither JSON nor a JWS');
  }
  const credential = isObject(document) && isObject(document.vc) ? document.vc : document;
  if (!isObject(credential) || !isObject(credential.credentialSubject)) throw new InvalidCredentialError('the status list credential has no credentialSubject');
  const subject = credential.credentialSubject;
  if (typeof subject.encodedList !== 'string') throw new InvalidCredentialError('the status list credential has no encodedList');
  const issuer = isObject(credential.issuer) ? credential.issuer.id : (credential.issuer ?? (isObject(document) ? document.iss : undefined));
  const until = credential.validUntil ?? credential.expirationDate;
  return {
    issuer: typeof issuer === 'string' ? issuer : undefined,
    purposes: [subject.statusPurpose].flat().filter((p): p is string => typeof p === 'string'),
    validUntil: typeof until === 'string' ? new Date(until) : undefined,
    bits: decodeBits(subject.encodedList, maxBytes),
    jws,
  };
}

function decodeBits(encoded: string, maxBytes: number): Buffer {
  // GZIP data always starts with base64 "H4s", so a leading `u` can only be the multibase prefix.
  // Node's base64 decoding reads the url-safe alphabet too.
  const base64 = encoded.startsWith('u') ? encoded.slice(1) : encoded;
  try {
    return gunzipSync(Buffer.from(base64, 'base64'), { maxOutputLength: maxBytes });
  } catch {
    throw new InvalidCredentialError(`the encodedList of the status list cannot be decoded (GZIP, at most ${maxBytes} bytes)`);
  }
}

export function bitAt(bits: Buffer, index: number): boolean | undefined {
  const byte = bits[index >> 3];
  return byte === undefined ? undefined : (byte & (0x80 >> (index & 7))) !== 0;
}
