import { problems } from '@tdss/sdk';
import { isObject } from './parse-credential.ts';

export interface CredentialOfferMessage {
  issuer: string;
  /** The offered CredentialObjects, as sent: each has at least an `id`. */
  credentials: Array<Record<string, unknown>>;
}

/**
 * A CredentialOfferMessage (DCP 1.0 credential issuance protocol, Credential Offer API). A
 * CredentialObject needs only its `id`: the DCP TCK offers credentials by id alone, although the
 * schema also lists `type`; when `type` is there it must be `CredentialObject`.
 */
export function readCredentialOfferMessage(body: unknown): CredentialOfferMessage {
  if (!isObject(body)) throw problems.badRequest('the body must be a CredentialOfferMessage object');
  if (body.type !== 'CredentialOfferMessage') throw problems.badRequest('type must be "CredentialOfferMessage"');
  const { issuer, credentials } = body;
  if (typeof issuer !== 'string' || !issuer.startsWith('did:')) throw problems.badRequest('issuer must be the issuer DID');
  if (!Array.isArray(credentials) || credentials.length === 0) throw problems.badRequest('credentials must be a non-empty list of CredentialObject objects');
  const objects = credentials.map((object, index) => {
    const at = `credentials[${index}]`;
    if (!isObject(object)) throw problems.badRequest(`${at} must be a CredentialObject object`);
    if (typeof object.id !== 'string' || object.id.length === 0) throw problems.badRequest(`${at}.id must be a non-empty string`);
    if (object.type !== undefined && object.type !== 'CredentialObject') throw problems.badRequest(`${at}.type must be "CredentialObject"`);
    for (const name of ['credentialType', 'credentialSchema', 'offerReason', 'profile']) {
      if (object[name] !== undefined && typeof object[name] !== 'string') throw problems.badRequest(`${at}.${name} must be a string`);
    }
    if (object.bindingMethods !== undefined && !(Array.isArray(object.bindingMethods) && object.bindingMethods.every((m) => typeof m === 'string'))) {
      throw problems.badRequest(`${at}.bindingMethods must be a list of strings`);
    }
    return object;
  });
  return { issuer, credentials: objects };
}
