import { problems } from '@tdss/sdk';
import { isObject } from './parse-credential.ts';

/** The credential formats a CredentialContainer may name: the DCP profile aliases and the spec example's `jwt`. */
export const CONTAINER_FORMATS = ['vc11-sl2021/jwt', 'vc20-bssl/jwt', 'jwt'] as const;

/** Format names the DCP TCK up to 1.0.0-RC6 sends (its enum constants), read as the profiles they stand for. */
const FORMAT_ALIASES: Readonly<Record<string, CredentialContainer['format']>> = { VC1_0_JWT: 'vc11-sl2021/jwt', VC2_0_JOSE: 'vc20-bssl/jwt' };

export interface CredentialContainer {
  credentialType: string;
  format: (typeof CONTAINER_FORMATS)[number];
  payload: string;
}

export interface CredentialMessage {
  issuerPid: string;
  holderPid: string;
  status: 'ISSUED' | 'REJECTED';
  credentials: CredentialContainer[];
  rejectionReason: string | undefined;
}

/**
 * A CredentialMessage of the Storage API (DCP 1.0 credential issuance protocol). `holderPid` is
 * required here as the DCP TCK and EDC require it, although the schema leaves it optional: it ties
 * the delivery to the holder's request.
 */
export function readCredentialMessage(body: unknown): CredentialMessage {
  if (!isObject(body)) throw problems.badRequest('the body must be a CredentialMessage object');
  if (body.type !== 'CredentialMessage') throw problems.badRequest('type must be "CredentialMessage"');
  const { issuerPid, holderPid, status, credentials = [], rejectionReason } = body;
  if (typeof issuerPid !== 'string' || issuerPid.length === 0) throw problems.badRequest('issuerPid must be a non-empty string');
  if (typeof holderPid !== 'string' || holderPid.length === 0) throw problems.badRequest('holderPid must be a non-empty string');
  if (status !== 'ISSUED' && status !== 'REJECTED') throw problems.badRequest('status must be "ISSUED" or "REJECTED"');
  if (rejectionReason !== undefined && rejectionReason !== null && typeof rejectionReason !== 'string') {
    throw problems.badRequest('rejectionReason must be a string');
  }
  if (!Array.isArray(credentials)) throw problems.badRequest('credentials must be a list of CredentialContainer objects');
  if (status === 'ISSUED' && credentials.length === 0) throw problems.badRequest('an ISSUED CredentialMessage must carry credentials');
  const containers = credentials.map((container, index) => {
    const at = `credentials[${index}]`;
    if (!isObject(container)) throw problems.badRequest(`${at} must be a CredentialContainer object`);
    const { credentialType, payload } = container;
    const format = typeof container.format === 'string' && Object.hasOwn(FORMAT_ALIASES, container.format) ? FORMAT_ALIASES[container.format] : container.format;
    if (typeof credentialType !== 'string' || credentialType.length === 0) throw problems.badRequest(`${at}.credentialType must be a non-empty string`);
    if (!CONTAINER_FORMATS.includes(format as CredentialContainer['format'])) {
      throw problems.badRequest(
        `${at}.format must be one of ${[...CONTAINER_FORMATS, ...Object.keys(FORMAT_ALIASES)].join(', ')}: only JWT-secured credentials are supported`,
      );
    }
    if (typeof payload !== 'string') throw problems.badRequest(`${at}.payload must be the credential as a string`);
    return { credentialType, format: format as CredentialContainer['format'], payload };
  });
  return { issuerPid, holderPid, status, credentials: containers, rejectionReason: rejectionReason ?? undefined };
}
