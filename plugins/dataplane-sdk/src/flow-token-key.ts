/**
 * The HMAC key of a data plane's flow tokens: kept in the secret store (runtime scope) so that
 * every replica and restart accepts the tokens of the others; a random key of this process when
 * there is no store.
 */
import { randomBytes } from 'node:crypto';
import { type Logger, RUNTIME_SCOPE, type SecretStore } from '@tdss/sdk';

export interface FlowTokenKeyOwner {
  /** The data plane plugin's short name, e.g. `dataplane-http`: the key's folder in the store. */
  plugin: string;
  dataPlaneId: string;
}

export async function loadFlowTokenKey(secrets: SecretStore | undefined, owner: FlowTokenKeyOwner, logger: Logger): Promise<string> {
  const fresh = () => randomBytes(32).toString('base64url');
  if (!secrets) {
    logger.warn({ dataPlane: owner.dataPlaneId }, `${owner.plugin}: no secret store; pull tokens are valid in this process only`);
    return fresh();
  }
  const name = `${owner.plugin}/${owner.dataPlaneId}/token-key`;
  const existing = await secrets.get(RUNTIME_SCOPE, name);
  if (existing) return existing;
  await secrets.put(RUNTIME_SCOPE, name, fresh());
  // Another replica may have written its key at the same time: whatever the store kept wins.
  return (await secrets.get(RUNTIME_SCOPE, name))!;
}
