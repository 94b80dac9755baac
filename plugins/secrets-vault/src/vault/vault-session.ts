import { readFile } from 'node:fs/promises';
import type { Logger } from '@tdss/sdk';
import vault from 'node-vault';
import type { SecretsVaultSettings } from '../settings.ts';
import { vaultFailure } from './vault-error.ts';

export type VaultClient = vault.client;

/** A logged-in client whose token is kept alive until `stop`. */
export interface VaultSession {
  client: VaultClient;
  stop(): void;
}

interface Lease {
  ttlSeconds: number;
  renewable: boolean;
}

/** Renewal happens when this share of the token's TTL has passed, leaving room for slow answers. */
const RENEW_AT = 2 / 3;

/**
 * Connects and logs in (token or AppRole), then keeps the token alive: renew-self before its TTL
 * ends; when a renewal fails, AppRole logs in again, and a given token is retried (it cannot be
 * replaced from here). A token with TTL 0 (e.g. a root token) never expires and is not renewed.
 */
export async function openVaultSession(settings: SecretsVaultSettings, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<VaultSession> {
  const ca = settings.caFile === undefined ? undefined : await readFile(settings.caFile, 'utf8');
  const client = vault({
    endpoint: settings.address,
    // `GET ?list=1` instead of the LIST verb, which HTTP proxies (and Node's parser) refuse.
    noCustomHTTPVerbs: true,
    ...(settings.namespace === undefined ? {} : { namespace: settings.namespace }),
    requestOptions: { timeout: settings.requestTimeoutMs, ...(ca === undefined ? {} : { ca }) },
  });
  // node-vault falls back to VAULT_TOKEN on its own; only a token this session obtained is used.
  client.token = '';
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function login(): Promise<Lease> {
    if (settings.authMethod === 'token') {
      const token = env[settings.tokenEnv];
      if (!token) throw new Error(`@tdss/secrets-vault: authMethod token needs the Vault token in environment variable ${settings.tokenEnv}, which is not set`);
      client.token = token;
      try {
        const { data } = await client.tokenLookupSelf();
        return { ttlSeconds: Number(data.ttl), renewable: data.renewable === true };
      } catch (error) {
        throw vaultFailure(`looking up the token of ${settings.tokenEnv}`, error);
      }
    }
    const secretId = env[settings.secretIdEnv];
    if (settings.roleId === undefined) throw new Error('@tdss/secrets-vault: authMethod approle needs the setting roleId');
    if (!secretId) throw new Error(`@tdss/secrets-vault: authMethod approle needs the secret id in environment variable ${settings.secretIdEnv}, which is not set`);
    try {
      const { auth } = await client.approleLogin({ mount_point: settings.appRoleMount, role_id: settings.roleId, secret_id: secretId });
      return { ttlSeconds: Number(auth.lease_duration), renewable: auth.renewable === true };
    } catch (error) {
      throw vaultFailure(`AppRole login at auth/${settings.appRoleMount}`, error);
    }
  }

  function schedule(seconds: number, action: () => Promise<void>): void {
    if (stopped) return;
    timer = setTimeout(() => void action(), seconds * 1000);
    timer.unref();
  }

  function keepAlive(lease: Lease): void {
    if (lease.ttlSeconds <= 0) return;
    if (lease.renewable) return schedule(lease.ttlSeconds * RENEW_AT, renew);
    if (settings.authMethod === 'approle') return schedule(lease.ttlSeconds * RENEW_AT, relogin);
    logger.warn({ ttlSeconds: lease.ttlSeconds }, 'the Vault token is not renewable: requests fail once it expires');
  }

  async function renew(): Promise<void> {
    try {
      const { auth } = await client.tokenRenewSelf();
      const ttlSeconds = Number(auth.lease_duration);
      // A token at its max TTL renews to nothing left: as good as a failed renewal.
      if (!(ttlSeconds > 0)) throw new Error('the token reached its max TTL');
      logger.debug({ ttlSeconds }, 'Vault token renewed');
      keepAlive({ ttlSeconds, renewable: auth.renewable === true });
    } catch (error) {
      logger.warn({ err: vaultFailure('renewing the Vault token', error).message }, 'Vault token renewal failed');
      if (settings.authMethod === 'approle') await relogin();
      else schedule(settings.renewRetrySeconds, renew);
    }
  }

  async function relogin(): Promise<void> {
    try {
      const lease = await login();
      logger.info({ ttlSeconds: lease.ttlSeconds }, 'logged in to Vault again with AppRole');
      keepAlive(lease);
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'Vault AppRole login failed; retrying');
      schedule(settings.renewRetrySeconds, relogin);
    }
  }

  const lease = await login();
  keepAlive(lease);
  logger.info({ address: settings.address, authMethod: settings.authMethod, ttlSeconds: lease.ttlSeconds, renewable: lease.renewable }, 'logged in to Vault');
  return {
    client,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
