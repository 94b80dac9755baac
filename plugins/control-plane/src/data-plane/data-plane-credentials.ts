/**
 * The bearer credentials of data planes registered by URL, in the SecretStore (never in the
 * database, never logged or returned): the token this control plane sends with its messages to
 * the data plane (given in the registration's `authorization`), and the token the data plane sends
 * with its callbacks (made here, handed to it in our control plane registration). A participant
 * context's registrations keep them among its secrets, so the tenant's secrets go with it; the
 * runtime's under RUNTIME_SCOPE.
 */
import { randomBytes } from 'node:crypto';
import { tokenDigest } from '@tdss/dataplane-sdk';
import { type Database, RUNTIME_SCOPE, type SecretStore, problems } from '@tdss/sdk';
import { DataPlaneEntity, RUNTIME_WIDE } from './data-plane-record.ts';

export interface DataPlaneTokens {
  /** What we send to the data plane. */
  signaling: string;
  /** What the data plane sends back. */
  callback: string;
}

export interface DataPlaneCredentials {
  /** Keeps the signaling token and makes a callback token unless there is one (a re-registration keeps it: callbacks in flight stay valid). */
  save(dataPlaneId: string, participantContextId: string, signalingToken: string): Promise<DataPlaneTokens>;
  remove(dataPlaneId: string, participantContextId: string): Promise<void>;
  /** Undefined for a registration without credentials. */
  get(dataPlaneId: string, participantContextId: string): Promise<DataPlaneTokens | undefined>;
  /** The digests of every registration's callback token, by data plane id; read again at most once a second. */
  callbackDigests(): Promise<ReadonlyMap<string, Buffer>>;
}

const keyOf = (dataPlaneId: string, which: keyof DataPlaneTokens) => `control-plane/data-planes/${dataPlaneId}/${which}-token`;
const tenantOf = (participantContextId: string) => (participantContextId === RUNTIME_WIDE ? RUNTIME_SCOPE : participantContextId);
const MAX_AGE_MS = 1000;

export function createDataPlaneCredentials(db: () => Database, secrets: () => SecretStore | undefined): DataPlaneCredentials {
  const store = () => {
    const found = secrets();
    if (!found) throw problems.unavailable('authorization: data plane credentials need a secret store (add @tdss/secrets-local or @tdss/secrets-vault)');
    return found;
  };
  let digests: { at: number; byId: Map<string, Buffer> } | undefined;

  const get = async (dataPlaneId: string, participantContextId: string): Promise<DataPlaneTokens | undefined> => {
    const found = secrets();
    if (!found) return undefined;
    const tenant = tenantOf(participantContextId);
    const [signaling, callback] = await Promise.all([found.get(tenant, keyOf(dataPlaneId, 'signaling')), found.get(tenant, keyOf(dataPlaneId, 'callback'))]);
    return signaling && callback ? { signaling, callback } : undefined;
  };

  return {
    async save(dataPlaneId, participantContextId, signalingToken) {
      const tenant = tenantOf(participantContextId);
      const secretStore = store();
      await secretStore.put(tenant, keyOf(dataPlaneId, 'signaling'), signalingToken);
      const callback = (await secretStore.get(tenant, keyOf(dataPlaneId, 'callback'))) ?? randomBytes(32).toString('base64url');
      await secretStore.put(tenant, keyOf(dataPlaneId, 'callback'), callback);
      digests = undefined;
      return { signaling: signalingToken, callback };
    },
    async remove(dataPlaneId, participantContextId) {
      const found = secrets();
      if (!found) return;
      const tenant = tenantOf(participantContextId);
      await found.delete(tenant, keyOf(dataPlaneId, 'signaling'));
      await found.delete(tenant, keyOf(dataPlaneId, 'callback'));
      digests = undefined;
    },
    get,
    async callbackDigests() {
      if (digests && Date.now() - digests.at < MAX_AGE_MS) return digests.byId;
      const rows = await db().em().find(DataPlaneEntity, {});
      const byId = new Map<string, Buffer>();
      for (const row of rows) {
        const tokens = await get(row.id, row.participantContextId);
        if (tokens) byId.set(row.id, tokenDigest(tokens.callback));
      }
      digests = { at: Date.now(), byId };
      return byId;
    },
  };
}
