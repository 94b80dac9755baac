import { problems } from '@tdss/sdk';
import { isObject } from '../../credentials/parse-credential.ts';
import { DCP_CONTEXT } from '../../dcp/dcp-services.ts';

export interface CredentialRequestMessage {
  holderPid: string;
  /** The ids of the CredentialObjects requested, each once. */
  credentialIds: string[];
}

/** Credentials one request may ask for. */
const MAX_CREDENTIALS = 32;

/** A CredentialRequestMessage (DCP 1.0 credential issuance protocol); anything else is a 400 problem. */
export function readCredentialRequestMessage(body: unknown): CredentialRequestMessage {
  if (!isObject(body)) throw problems.badRequest('the body must be a CredentialRequestMessage object');
  if (!namesDcpContext(body['@context'])) throw problems.badRequest(`@context must name the DCP context ${DCP_CONTEXT}: DCP 1.0 requires it, and it defines the message's terms`);
  if (body.type !== 'CredentialRequestMessage') throw problems.badRequest('type must be "CredentialRequestMessage"');
  const { holderPid, credentials } = body;
  if (typeof holderPid !== 'string' || holderPid.length === 0 || holderPid.length > 255) throw problems.badRequest('holderPid must be a string of 1 to 255 characters');
  if (!Array.isArray(credentials) || credentials.length === 0 || credentials.length > MAX_CREDENTIALS) {
    throw problems.badRequest(`credentials must be a list of 1 to ${MAX_CREDENTIALS} objects with an id`);
  }
  const credentialIds = credentials.map((entry, index) => {
    if (!isObject(entry) || typeof entry.id !== 'string' || entry.id.length === 0) throw problems.badRequest(`credentials[${index}] must be an object with the id of a CredentialObject`);
    return entry.id;
  });
  return { holderPid, credentialIds: [...new Set(credentialIds)] };
}

function namesDcpContext(context: unknown): boolean {
  return context === DCP_CONTEXT || (Array.isArray(context) && context.includes(DCP_CONTEXT));
}
