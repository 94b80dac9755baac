/**
 * Test helpers: a real OpenID provider (the `oidc-provider` package) on loopback, issuing JWT
 * access tokens to confidential clients by the client-credentials grant with resource indicators.
 * Its signing keys can be rotated while it runs, and it counts how often its JWKS was fetched.
 * Not part of the build.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';
import type { Test } from 'tap';

export const AUDIENCE = 'urn:tdss:test-management';

/** Clients and the claims their tokens carry. */
export const CLIENTS = {
  operator: { roles: ['operator'] },
  viewer: { roles: ['viewer'] },
  'tenant-a': { roles: ['operator'], tenant: 'tenant-a' },
  'tenant-a-viewer': { roles: ['viewer'], tenant: 'tenant-a' },
  'no-role': { roles: ['auditor'] },
  'short-lived': { roles: ['operator'] },
} as const;
export type ClientName = keyof typeof CLIENTS;

export interface OidcIdp {
  readonly issuer: string;
  /** A fresh access token of the client, for `resource` (the runtime's audience unless said otherwise). */
  token(client: ClientName, resource?: string): Promise<string>;
  /** A new signing key goes first (the provider signs with it); the old one stays published. */
  rotateKeys(): Promise<void>;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  /** The provider's current signing key, for forging tokens that are correctly signed. */
  signingKey(): JWK;
}

async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString('hex'), alg: 'ES256', use: 'sig' };
}

export async function startOidcIdp(t: Test, options: { issuer?: string; keys?: JWK[] } = {}): Promise<OidcIdp> {
  const secrets = Object.fromEntries(Object.keys(CLIENTS).map((id) => [id, randomBytes(24).toString('hex')]));
  let keys = options.keys ?? [await signingKey()];
  let fetches = 0;
  let provider: Provider | undefined;
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/jwks')) fetches++;
    provider!.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const issuer = options.issuer ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;

  const build = () =>
    new Provider(issuer, {
      clients: Object.keys(CLIENTS).map((id) => ({
        client_id: id,
        client_secret: secrets[id]!,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
      })),
      jwks: { keys },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource) => ({ scope: 'management', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } }),
        },
      },
      ttl: { ClientCredentials: (_ctx, _token, client) => (client.clientId === 'short-lived' ? 1 : 600) },
      extraTokenClaims: (_ctx, token) => ({ ...CLIENTS[(token as unknown as { clientId: ClientName }).clientId] }),
    });
  provider = build();

  return {
    issuer,
    async token(client, resource = AUDIENCE) {
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client, client_secret: secrets[client]!, resource, scope: 'management' }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`the OpenID provider refused ${client}: ${body.error} ${body.error_description}`);
      return body.access_token;
    },
    async rotateKeys() {
      keys = [await signingKey(), ...keys];
      provider = build();
    },
    jwksFetches: () => fetches,
    signingKey: () => keys[0]!,
  };
}
