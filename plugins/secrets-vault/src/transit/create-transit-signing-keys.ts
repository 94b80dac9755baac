import { createPublicKey } from 'node:crypto';
import type { KeyAlgorithm, SigningKeys } from '@tdss/identity-hub';
import { vaultFailure, vaultStatus } from '../vault/vault-error.ts';
import type { VaultClient } from '../vault/vault-session.ts';
import { tenantKeyPrefix, transitKeyName } from './transit-key-name.ts';

export interface TransitSigningKeysOptions {
  transitMount: string;
  transitKeyPrefix: string;
}

export interface TransitSigningKeys extends SigningKeys {
  /** Destroys every Transit key of a tenant; returns how many there were. */
  destroyTenant(tenantId: string): Promise<number>;
}

type PublicJwk = Awaited<ReturnType<SigningKeys['generate']>>;

const KEY_TYPES: Record<KeyAlgorithm, string> = { Ed25519: 'ed25519', 'P-256': 'ecdsa-p256' };

/**
 * The identity hub's private keys as Transit keys, one per key pair, non-exportable: they are
 * made, sign and are deleted inside Vault, and only public keys and signatures come out. A key
 * pair's rotation in the identity hub makes a new key pair, hence a new Transit key, and deletes
 * the old one; Transit's own key versions are not used.
 */
export function createTransitSigningKeys(client: VaultClient, options: TransitSigningKeysOptions): TransitSigningKeys {
  const { transitMount: mount, transitKeyPrefix: prefix } = options;

  async function remove(name: string): Promise<boolean> {
    try {
      await client.read(`${mount}/keys/${name}`);
    } catch (error) {
      if (vaultStatus(error) === 404) return false;
      throw vaultFailure(`reading Transit key ${name}`, error);
    }
    try {
      // Transit refuses to delete a key until its configuration allows it.
      await client.write(`${mount}/keys/${name}/config`, { deletion_allowed: true });
      await client.delete(`${mount}/keys/${name}`);
      return true;
    } catch (error) {
      throw vaultFailure(`deleting Transit key ${name}`, error);
    }
  }

  return {
    async generate(participantId, keyPairId, algorithm) {
      const name = transitKeyName(prefix, participantId, keyPairId);
      try {
        await client.write(`${mount}/keys/${name}`, { type: KEY_TYPES[algorithm], exportable: false });
        const { data } = await client.read(`${mount}/keys/${name}`);
        return publicJwk(algorithm, data.keys[String(data.latest_version)].public_key as string);
      } catch (error) {
        throw vaultFailure(`creating Transit key ${name}`, error);
      }
    },
    async sign(participantId, keyPairId, algorithm, signingInput) {
      const name = transitKeyName(prefix, participantId, keyPairId);
      let signature: string;
      try {
        const { data } = await client.write(`${mount}/sign/${name}`, {
          input: Buffer.from(signingInput).toString('base64'),
          // ES256: SHA-256 inside Vault, and the signature as JWS wants it (r‖s), not DER.
          ...(algorithm === 'P-256' ? { hash_algorithm: 'sha2-256', marshaling_algorithm: 'jws' } : {}),
        });
        signature = data.signature as string;
      } catch (error) {
        if (vaultStatus(error) === 400 && /not found/.test((error as Error).message)) return undefined;
        throw vaultFailure(`signing with Transit key ${name}`, error);
      }
      // `vault:v<version>:<base64>` (base64url with jws marshaling; Node decodes both alphabets).
      return Buffer.from(signature.slice(signature.indexOf(':', 6) + 1), 'base64');
    },
    async destroy(participantId, keyPairId) {
      await remove(transitKeyName(prefix, participantId, keyPairId));
    },
    async destroyTenant(tenantId) {
      const start = tenantKeyPrefix(prefix, tenantId);
      let names: string[];
      try {
        names = ((await client.list(`${mount}/keys`)).data.keys as string[]).filter((name) => name.startsWith(start));
      } catch (error) {
        if (vaultStatus(error) === 404) return 0;
        throw vaultFailure(`listing the Transit keys of tenant ${tenantId}`, error);
      }
      let removed = 0;
      for (const name of names) if (await remove(name)) removed++;
      return removed;
    },
  };
}

/** Transit shows an Ed25519 public key as base64 of its 32 bytes, an ECDSA one as PEM. */
function publicJwk(algorithm: KeyAlgorithm, publicKey: string): PublicJwk {
  if (algorithm === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') };
  const { kty, crv, x, y } = createPublicKey(publicKey).export({ format: 'jwk' });
  return { kty, crv, x, y } as PublicJwk;
}
