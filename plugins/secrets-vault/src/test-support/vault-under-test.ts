/**
 * The Vault a test talks to: a real Vault server when VAULT_ADDR (and VAULT_TOKEN, a token that
 * may create tokens, AppRoles and Transit keys) are set, otherwise the protocol fake. Each test
 * gets its own KV path prefix, Transit key prefix and token variable, so runs on a shared Vault do
 * not meet. Not part of the build.
 */
import { randomBytes } from 'node:crypto';
import vault from 'node-vault';
import type { Test } from 'tap';
import type { SecretsVaultSettings } from '../settings.ts';
import { startVaultProtocolFake } from './vault-protocol-fake.ts';

export interface TokenSpec {
  ttlSeconds: number;
  renewable: boolean;
  maxTtlSeconds?: number;
}

export interface VaultUnderTest {
  /** True against a real Vault server, false against the protocol fake. */
  real: boolean;
  /** Plugin settings for this test: address, token auth with a fresh token in a variable of its own, own prefixes. */
  settings: Partial<SecretsVaultSettings> & { tokenEnv: string; pathPrefix: string; transitKeyPrefix: string };
  /** A token of this shape (renewable ones are renewed by renew-self). */
  issueToken(spec: TokenSpec): Promise<string>;
  /** An AppRole whose logins give tokens of this shape; its secret id is put in a variable of its own. */
  appRole(token: TokenSpec): Promise<{ roleId: string; secretIdEnv: string }>;
  /** Every KV path (below the mount) that holds a secret of this test, sorted. */
  kvPaths(): Promise<string[]>;
  /** Every Transit key of this test, sorted. */
  transitKeys(): Promise<string[]>;
  /** `METHOD /v1/path` of each request so far; the fake's only (a real Vault keeps them in its audit log). */
  requests(): string[] | undefined;
}

const KV_MOUNT = process.env.TDSS_TEST_VAULT_KV_MOUNT ?? 'secret';
const TRANSIT_MOUNT = process.env.TDSS_TEST_VAULT_TRANSIT_MOUNT ?? 'transit';
const APPROLE_MOUNT = process.env.TDSS_TEST_VAULT_APPROLE_MOUNT ?? 'approle';

export async function vaultUnderTest(t: Test): Promise<VaultUnderTest> {
  const id = randomBytes(4).toString('hex');
  const pathPrefix = `tdss-test-${id}`;
  const transitKeyPrefix = `tdss-test-${id}`;
  const tokenEnv = `TDSS_TEST_VAULT_TOKEN_${id.toUpperCase()}`;
  const variables: string[] = [tokenEnv];
  t.teardown(() => {
    for (const name of variables) delete process.env[name];
  });
  const base = { kvMount: KV_MOUNT, transitMount: TRANSIT_MOUNT, appRoleMount: APPROLE_MOUNT, pathPrefix, transitKeyPrefix, tokenEnv };
  const secretIdVariable = () => {
    const name = `TDSS_TEST_VAULT_SECRET_ID_${randomBytes(4).toString('hex').toUpperCase()}`;
    variables.push(name);
    return name;
  };

  const address = process.env.VAULT_ADDR;
  if (address) {
    const admin = vault({ endpoint: address, token: process.env.VAULT_TOKEN ?? '', noCustomHTTPVerbs: true });
    const settings = { ...base, address, ...(process.env.VAULT_NAMESPACE ? { namespace: process.env.VAULT_NAMESPACE } : {}) };
    const issueToken = async ({ ttlSeconds, renewable, maxTtlSeconds }: TokenSpec) =>
      (
        await admin.tokenCreate({
          policies: ['root'],
          ttl: `${ttlSeconds}s`,
          renewable,
          ...(maxTtlSeconds === undefined ? {} : { explicit_max_ttl: `${maxTtlSeconds}s` }),
        })
      ).auth.client_token as string;
    process.env[tokenEnv] = await issueToken({ ttlSeconds: 0, renewable: false });
    const listAll = async (path: string): Promise<string[]> => {
      try {
        const keys = (await admin.list(path)).data.keys as string[];
        const nested = await Promise.all(keys.map((key) => (key.endsWith('/') ? listAll(`${path}/${key.slice(0, -1)}`) : [`${path}/${key}`])));
        return nested.flat();
      } catch (error) {
        if ((error as { response?: { statusCode?: number } }).response?.statusCode === 404) return [];
        throw error;
      }
    };
    return {
      real: true,
      settings,
      issueToken,
      async appRole({ ttlSeconds, renewable, maxTtlSeconds }) {
        const role = `tdss-test-${randomBytes(4).toString('hex')}`;
        await admin.write(`auth/${APPROLE_MOUNT}/role/${role}`, {
          token_policies: ['root'],
          token_ttl: `${ttlSeconds}s`,
          token_max_ttl: `${maxTtlSeconds ?? ttlSeconds * 10}s`,
          ...(renewable ? {} : { token_type: 'batch' }),
        });
        const roleId = (await admin.read(`auth/${APPROLE_MOUNT}/role/${role}/role-id`)).data.role_id as string;
        const secretIdEnv = secretIdVariable();
        process.env[secretIdEnv] = (await admin.write(`auth/${APPROLE_MOUNT}/role/${role}/secret-id`, {})).data.secret_id as string;
        t.teardown(() => admin.delete(`auth/${APPROLE_MOUNT}/role/${role}`));
        return { roleId, secretIdEnv };
      },
      kvPaths: async () => (await listAll(`${KV_MOUNT}/metadata/${pathPrefix}`)).map((path) => path.slice(`${KV_MOUNT}/metadata/`.length)).sort(),
      transitKeys: async () => ((await listAll(`${TRANSIT_MOUNT}/keys`)).map((path) => path.slice(`${TRANSIT_MOUNT}/keys/`.length))).filter((name) => name.startsWith(transitKeyPrefix)).sort(),
      requests: () => undefined,
    };
  }

  const fake = await startVaultProtocolFake({ kvMount: KV_MOUNT, transitMount: TRANSIT_MOUNT });
  t.teardown(() => fake.close());
  process.env[tokenEnv] = fake.issueToken({ ttlSeconds: 0, renewable: false });
  return {
    real: false,
    settings: { ...base, address: fake.address },
    issueToken: async (spec) => fake.issueToken(spec),
    async appRole(token) {
      const roleId = `role-${randomBytes(4).toString('hex')}`;
      const secretIdEnv = secretIdVariable();
      process.env[secretIdEnv] = randomBytes(16).toString('hex');
      fake.defineAppRole({ roleId, secretId: process.env[secretIdEnv], token });
      return { roleId, secretIdEnv };
    },
    kvPaths: async () => fake.kvPaths().filter((path) => path.startsWith(`${pathPrefix}/`)),
    transitKeys: async () => fake.transitKeys().filter((name) => name.startsWith(transitKeyPrefix)),
    requests: () => fake.requests,
  };
}
