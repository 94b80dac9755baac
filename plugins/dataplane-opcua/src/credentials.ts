/**
 * The user identity a session opens with, read from the provider participant context's secrets by
 * the names in the data address. The values never leave this module but as the node-opcua identity
 * and a fingerprint (a hash) that tells sessions of different credentials apart without holding them.
 */
import { createHash } from 'node:crypto';
import { type UserIdentityInfo, UserTokenType } from 'node-opcua-client';
import { ProblemError } from '@tdss/sdk';
import type { IdentityAddress } from './source-address.ts';

export type ReadSecret = (participantContextId: string, name: string) => Promise<string | undefined>;

export interface ResolvedIdentity {
  identity: UserIdentityInfo;
  /** Hash of the identity's type and values: equal for equal credentials, useless without them. */
  fingerprint: string;
}

const PEM_BODY = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/;

export async function resolveIdentity(address: IdentityAddress, participantContextId: string, readSecret: ReadSecret): Promise<ResolvedIdentity> {
  const secret = async (name: string) => {
    const value = await readSecret(participantContextId, name);
    // A refusal (the transfer ends): the provider has to put the secret first.
    if (value === undefined) throw new ProblemError(400, `the OPC UA credential secret ${JSON.stringify(name)} is missing from the provider's secret store`, { type: 'opcua-credentials' });
    return value;
  };
  const fingerprint = (...parts: string[]) => createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
  if (address.type === 'UserName') {
    const password = await secret(address.passwordSecret);
    return { identity: { type: UserTokenType.UserName, userName: address.userName, password }, fingerprint: fingerprint('UserName', address.userName, password) };
  }
  if (address.type === 'X509') {
    const certificate = await secret(address.certificateSecret);
    const privateKey = await secret(address.privateKeySecret);
    const body = PEM_BODY.exec(certificate)?.[1];
    if (!body) throw new ProblemError(400, `the secret ${JSON.stringify(address.certificateSecret)} holds no PEM certificate`, { type: 'opcua-credentials' });
    return {
      identity: { type: UserTokenType.Certificate, certificateData: Buffer.from(body.replace(/\s+/g, ''), 'base64'), privateKey },
      fingerprint: fingerprint('X509', certificate, privateKey),
    };
  }
  return { identity: { type: UserTokenType.Anonymous }, fingerprint: fingerprint('Anonymous') };
}
