import { type DidDocument, VERIFICATION_RELATIONSHIPS } from '../did/did-document.ts';
import { DidResolutionError } from './did-resolution-error.ts';

/**
 * The shape checks a document from elsewhere must pass before its members are trusted to be what
 * their names say: an object whose verification methods and relationships are well-formed.
 */
export function checkDidDocument(did: string, value: unknown): DidDocument {
  const invalid = (detail: string) => new DidResolutionError('invalidDidDocument', did, detail);
  if (!isObject(value)) throw invalid('the document is not a JSON object');
  if (typeof value.id !== 'string') throw invalid('the document has no id');
  const methods = value.verificationMethod;
  if (methods !== undefined && (!Array.isArray(methods) || !methods.every(isVerificationMethod))) {
    throw invalid('verificationMethod must be a list of objects with string id, type and controller');
  }
  for (const relationship of VERIFICATION_RELATIONSHIPS) {
    const entries = value[relationship];
    if (entries !== undefined && (!Array.isArray(entries) || !entries.every((e) => typeof e === 'string' || isVerificationMethod(e)))) {
      throw invalid(`${relationship} must be a list of DID URLs or verification methods`);
    }
  }
  return value as DidDocument;
}

function isVerificationMethod(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.type === 'string' &&
    typeof value.controller === 'string' &&
    (value.publicKeyJwk === undefined || isObject(value.publicKeyJwk))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
