/**
 * Reads a credential from its compact JWS without verifying it (verify-credential does that):
 * the format, types, issuer, subject, validity and status entries, checked for shape.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { type CredentialFormat, InvalidCredentialError, type ParsedCredential } from './parsed-credential.ts';

export const CREDENTIALS_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const CREDENTIALS_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

export function parseCredential(raw: unknown): ParsedCredential {
  if (typeof raw !== 'string' || raw.split('.').length !== 3) throw new InvalidCredentialError('a credential must be a compact JWS (JWT)');
  let payload: Record<string, unknown>;
  try {
    decodeProtectedHeader(raw);
    payload = decodeJwt(raw) as Record<string, unknown>;
  } catch {
    throw new InvalidCredentialError('the credential JWS cannot be decoded');
  }
  if (isObject(payload.vc)) return read('vc11-sl2021/jwt', raw, payload, payload.vc);
  if (contexts(payload).includes(CREDENTIALS_V2_CONTEXT)) return read('vc20-bssl/jwt', raw, payload, payload);
  throw new InvalidCredentialError(`the credential is neither a VC 1.1 JWT (a "vc" claim) nor a VC 2.0 credential (@context ${CREDENTIALS_V2_CONTEXT})`);
}

function read(format: CredentialFormat, raw: string, payload: Record<string, unknown>, vc: Record<string, unknown>): ParsedCredential {
  const v11 = format === 'vc11-sl2021/jwt';
  const types = stringList(vc.type);
  if (!types?.length) throw new InvalidCredentialError('the credential type must be a string or a list of strings');

  const issuer = idOf(vc.issuer) ?? (v11 ? payload.iss : undefined);
  if (typeof issuer !== 'string' || !issuer.startsWith('did:')) throw new InvalidCredentialError('the credential issuer must be a DID');
  if (payload.iss !== undefined && payload.iss !== issuer) throw new InvalidCredentialError('the JWT iss and the credential issuer differ');

  const subjects = Array.isArray(vc.credentialSubject) ? vc.credentialSubject : [vc.credentialSubject];
  if (subjects.length === 0 || !subjects.every(isObject)) throw new InvalidCredentialError('credentialSubject must be an object or a list of objects');
  const subjectId = subjects[0]!.id;
  if (typeof subjectId !== 'string' || !subjects.every((s) => s.id === subjectId)) {
    throw new InvalidCredentialError('every credentialSubject must have the same string id (the holder DID)');
  }
  if (payload.sub !== undefined && payload.sub !== subjectId) throw new InvalidCredentialError('the JWT sub and the credentialSubject id differ');

  const id = v11 ? (payload.jti ?? vc.id) : vc.id;
  if (id !== undefined && typeof id !== 'string') throw new InvalidCredentialError('the credential id must be a string');

  const status = vc.credentialStatus === undefined || vc.credentialStatus === null ? [] : [vc.credentialStatus].flat();
  if (!status.every(isObject)) throw new InvalidCredentialError('credentialStatus must be an object or a list of objects');

  return {
    format,
    raw,
    id,
    types,
    issuer,
    subjects,
    subjectId,
    validFrom: latest(seconds(payload.nbf, 'nbf'), date(vc[v11 ? 'issuanceDate' : 'validFrom'], v11 ? 'issuanceDate' : 'validFrom')),
    validUntil: earliest(seconds(payload.exp, 'exp'), date(vc[v11 ? 'expirationDate' : 'validUntil'], v11 ? 'expirationDate' : 'validUntil')),
    status,
    payload,
  };
}

/** xsd:dateTime; one without a time zone is read as UTC. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function date(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  const parsed = match ? new Date(match[1] ? value as string : `${value as string}Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) throw new InvalidCredentialError(`${name} must be an ISO 8601 date-time`);
  return parsed;
}

function seconds(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidCredentialError(`the JWT ${name} must be a number of seconds`);
  return new Date(value * 1000);
}

function latest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.filter((d) => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
}

function earliest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.filter((d) => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
}

function idOf(value: unknown): unknown {
  return isObject(value) ? value.id : value;
}

function contexts(payload: Record<string, unknown>): unknown[] {
  return [payload['@context']].flat();
}

function stringList(value: unknown): string[] | undefined {
  const list = [value].flat();
  return list.every((v) => typeof v === 'string') ? (list as string[]) : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
