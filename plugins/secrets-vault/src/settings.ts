import { type Static, Type } from '@tdss/sdk';

/** A KV v2 path prefix, Transit key name prefix or mount: plain segments, so no setting can climb out of its place. */
const SEGMENTS = '^[A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9_-]*)*$';

export const SecretsVaultSettings = Type.Object({
  address: Type.String({
    minLength: 1,
    default: 'http://127.0.0.1:8200',
    description: 'Vault address (scheme, host, port), e.g. https://vault.example:8200.',
  }),
  namespace: Type.Optional(Type.String({ minLength: 1, description: 'Vault Enterprise namespace (X-Vault-Namespace); absent for Vault without namespaces.' })),
  authMethod: Type.Union([Type.Literal('token'), Type.Literal('approle')], {
    default: 'token',
    description: 'token: the token in environment variable tokenEnv. approle: log in with roleId and the secret id in secretIdEnv, and log in again when a renewal fails.',
  }),
  tokenEnv: Type.String({ minLength: 1, default: 'VAULT_TOKEN', description: 'Environment variable that holds the Vault token (authMethod token).' }),
  roleId: Type.Optional(Type.String({ minLength: 1, description: 'AppRole role id (authMethod approle). Not a secret by itself.' })),
  secretIdEnv: Type.String({ minLength: 1, default: 'VAULT_SECRET_ID', description: 'Environment variable that holds the AppRole secret id (authMethod approle).' }),
  appRoleMount: Type.String({ pattern: SEGMENTS, default: 'approle', description: 'Mount path of the AppRole auth method.' }),
  kvMount: Type.String({ pattern: SEGMENTS, default: 'secret', description: 'Mount path of the KV version 2 secrets engine.' }),
  pathPrefix: Type.String({
    pattern: SEGMENTS,
    default: 'tdss',
    description: 'KV path under kvMount below which each tenant has its own folder: <kvMount>/data/<pathPrefix>/<tenant>/<key>.',
  }),
  transitMount: Type.String({ pattern: SEGMENTS, default: 'transit', description: 'Mount path of the Transit secrets engine that holds the identity hub\'s signing keys.' }),
  transitKeyPrefix: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9-]*$',
    default: 'tdss',
    description: 'Start of every Transit key name this plugin makes: <transitKeyPrefix>__<tenant>__<key pair id>.',
  }),
  requestTimeoutMs: Type.Integer({ minimum: 100, default: 10_000, description: 'Time limit of one request to Vault, in milliseconds.' }),
  caFile: Type.Optional(Type.String({ minLength: 1, description: 'PEM file with the CA certificate(s) that Vault\'s TLS certificate must chain to; default: the system CAs.' })),
  renewRetrySeconds: Type.Integer({
    minimum: 1,
    default: 30,
    description: 'After a failed token renewal (and, with approle, a failed login), the next attempt waits this long.',
  }),
});

export type SecretsVaultSettings = Static<typeof SecretsVaultSettings>;
