/**
 * Who may call back about a transfer over HTTP: a data plane authenticates with the callback token
 * of its registration (`Authorization: Bearer`, compared in constant time against every
 * registration's) and may only speak about transfers it was given: another data plane's transfer
 * is a 404, as if it did not exist. Without a token only a data plane registered without
 * credentials is heard, and only while `requireAuthorization` is off; in-process data planes call
 * back in-process and never over HTTP.
 */
import { bearerToken, sameToken } from '@tdss/dataplane-sdk';
import { type Database, problems } from '@tdss/sdk';
import { TransferProcessEntity } from '../transfer-process/transfer-process.ts';
import type { DataPlaneCredentials } from './data-plane-credentials.ts';

export interface CallbackAuthenticationOptions {
  db: () => Database;
  credentials: DataPlaneCredentials;
  isLocal: (dataPlaneId: string) => boolean;
  requireAuthorization: boolean;
}

/** Resolves when the caller may call back about the transfer; 401 or 404 problems otherwise. */
export type CallbackAuthentication = (authorization: string | undefined, transferId: string) => Promise<void>;

export function createCallbackAuthentication(options: CallbackAuthenticationOptions): CallbackAuthentication {
  const unauthorized = () => Object.assign(problems.unauthorized('a data plane calls back with the bearer token of its registration'), { headers: { 'www-authenticate': 'Bearer' } });

  /** The data plane whose callback token this is; every registration is compared, so the time says nothing about which. */
  const identify = async (token: string) => {
    let found: string | undefined;
    for (const [id, digest] of await options.credentials.callbackDigests()) if (sameToken(token, digest)) found = id;
    return found;
  };

  return async (authorization, transferId) => {
    const token = bearerToken(authorization);
    const caller = token === undefined ? undefined : await identify(token);
    if (token !== undefined && caller === undefined) throw unauthorized();
    if (token === undefined && options.requireAuthorization) throw unauthorized();
    const row = await options.db().em().findOne(TransferProcessEntity, { id: transferId }, { fields: ['id', 'dataPlaneId'] });
    const notFound = () => problems.notFound(`transfer ${JSON.stringify(transferId)} has no data flow of the caller`);
    if (!row?.dataPlaneId) throw notFound();
    if (caller !== undefined) {
      if (caller !== row.dataPlaneId) throw notFound();
      return;
    }
    // Anonymous: only a registration that has no credentials, and never on behalf of an in-process data plane.
    if (options.isLocal(row.dataPlaneId) || (await options.credentials.callbackDigests()).has(row.dataPlaneId)) throw unauthorized();
  };
}
