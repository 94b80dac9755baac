/** The body of a new credential definition; anything malformed is a 400 problem naming the member. */
import { problems } from '@tdss/sdk';
import { objectBody } from '../../api/request-input.ts';
import { isObject } from '../../credentials/parse-credential.ts';
import { CREDENTIAL_FORMATS, type CredentialFormat } from '../../credentials/parsed-credential.ts';
import { ATTESTATION_TYPES, type Attestation } from '../attestations/attestation.ts';
import type { NewCredentialDefinition } from './credential-definition.ts';
import { fieldProblem } from './field-problem.ts';

/** Types are terms, as the dataspaces setting and DCP scopes name them. */
const TYPE_TERM = /^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/;
const DEFAULT_VALIDITY_SECONDS = 365 * 24 * 3600;
const MAX_VALIDITY_SECONDS = 10 * 365 * 24 * 3600;
/** Key pair ids are UUIDs (see newKeyPairId); anything else names no key pair. */
const KEY_PAIR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_URL_LENGTH = 2048;
/** Members of a credential subject the issuer writes itself. */
const RESERVED_CLAIMS = ['id'];

export function readCredentialDefinition(input: unknown): NewCredentialDefinition {
  const body = objectBody(input, ['credentialType', 'format', 'validitySeconds', 'claims', 'attestations', 'signingKeyPairId', 'credentialSchema']);
  const { credentialType, format = 'vc11-sl2021/jwt', validitySeconds = DEFAULT_VALIDITY_SECONDS } = body;
  if (typeof credentialType !== 'string' || !TYPE_TERM.test(credentialType) || credentialType === 'VerifiableCredential') {
    throw problems.badRequest('credentialType must be a type term such as MembershipCredential (letters, digits, _ . -), not VerifiableCredential');
  }
  if (!CREDENTIAL_FORMATS.includes(format as CredentialFormat)) throw problems.badRequest(`format must be one of ${CREDENTIAL_FORMATS.join(', ')}`);
  if (!Number.isSafeInteger(validitySeconds) || (validitySeconds as number) < 60 || (validitySeconds as number) > MAX_VALIDITY_SECONDS) {
    throw problems.badRequest(`validitySeconds must be a whole number from 60 to ${MAX_VALIDITY_SECONDS}`);
  }
  const claims = readClaims(body.claims ?? {}, 'claims');
  if (!Array.isArray(body.attestations) || body.attestations.length === 0) {
    throw problems.badRequest('attestations must be a non-empty list: they decide who gets the credential');
  }
  const attestations = body.attestations.map((attestation, index) => readAttestation(attestation, `attestations[${index}]`));
  const { signingKeyPairId, credentialSchema } = body;
  if (signingKeyPairId !== undefined && (typeof signingKeyPairId !== 'string' || !KEY_PAIR_ID.test(signingKeyPairId))) {
    throw fieldProblem('signingKeyPairId', 'must be the id of one of the participant\'s key pairs');
  }
  if (credentialSchema !== undefined && !isSchemaUrl(credentialSchema)) {
    throw fieldProblem('credentialSchema', `must be an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters`);
  }
  return {
    credentialType,
    format: format as CredentialFormat,
    validitySeconds: validitySeconds as number,
    claims,
    attestations,
    ...(signingKeyPairId === undefined ? {} : { signingKeyPairId }),
    ...(credentialSchema === undefined ? {} : { credentialSchema }),
  };
}

function isSchemaUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !URL.canParse(value)) return false;
  return ['https:', 'http:'].includes(new URL(value).protocol);
}

function readAttestation(value: unknown, at: string): Attestation {
  if (!isObject(value) || !ATTESTATION_TYPES.includes(value.type as Attestation['type'])) {
    throw problems.badRequest(`${at}.type must be one of ${ATTESTATION_TYPES.join(', ')}`);
  }
  if (value.type === 'operatorApproval') {
    onlyMembers(value, ['type'], at);
    return { type: 'operatorApproval' };
  }
  onlyMembers(value, ['type', 'holders'], at);
  if (!Array.isArray(value.holders) || value.holders.length === 0) throw problems.badRequest(`${at}.holders must be a non-empty list of { holder, claims? }`);
  const holders = value.holders.map((entry, index) => {
    const where = `${at}.holders[${index}]`;
    if (!isObject(entry)) throw problems.badRequest(`${where} must be an object { holder, claims? }`);
    onlyMembers(entry, ['holder', 'claims'], where);
    const { holder } = entry;
    if (typeof holder !== 'string' || !(holder === '*' || /^did:[a-z0-9*]+:\S+$/.test(holder)) || holder.length > 2048) {
      throw problems.badRequest(`${where}.holder must be a DID, or a DID pattern with * for any characters`);
    }
    return { holder, ...(entry.claims === undefined ? {} : { claims: readClaims(entry.claims, `${where}.claims`) }) };
  });
  return { type: 'holderAllowList', holders };
}

function readClaims(value: unknown, at: string): Record<string, unknown> {
  if (!isObject(value)) throw problems.badRequest(`${at} must be a JSON object of credential subject claims`);
  const reserved = RESERVED_CLAIMS.filter((name) => Object.hasOwn(value, name));
  if (reserved.length) throw problems.badRequest(`${at} cannot set ${reserved.join(', ')}: the issuer sets it to the holder DID`);
  return value;
}

function onlyMembers(value: Record<string, unknown>, allowed: string[], at: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length) throw problems.badRequest(`${at} has unknown member(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
}
