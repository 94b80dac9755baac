/**
 * Settings of the identity hub. Every URL is derived from the HTTP contexts unless a deployment
 * behind a proxy or on its own domain says otherwise.
 */
import { type Static, Type } from '@tdss/sdk';

const httpUrl = { pattern: '^https?://[^\\s?#]+$' };

export const IdentityHubSettings = Type.Object({
  didBaseUrl: Type.Optional(
    Type.String({
      ...httpUrl,
      description:
        'Base URL under which participants\' DID documents are served, as `<didBaseUrl>/<participantId>/did.json`; ' +
        'it must reach the root of the identity context. The did:web of a participant is derived from it. ' +
        'Default: the identity context URL (HttpServer.url("identity")).',
    }),
  ),
  credentialServiceBaseUrl: Type.Optional(
    Type.String({
      ...httpUrl,
      description:
        'Base URL of the DCP credential service; each DID document lists `<credentialServiceBaseUrl>/<participantId>` as its ' +
        'CredentialService endpoint. Default: `<protocol context URL>/dcp`.',
    }),
  ),
  defaultKeyAlgorithm: Type.Union([Type.Literal('Ed25519'), Type.Literal('P-256')], {
    default: 'Ed25519',
    description: 'Algorithm of a key pair created or rotated without naming one: Ed25519 (JWS EdDSA) or P-256 (JWS ES256).',
  }),
  resolverTimeoutMs: Type.Integer({
    minimum: 1,
    default: 5_000,
    description: 'How long resolving one did:web may take (connect, headers and body) before it fails.',
  }),
  resolverMaxBytes: Type.Integer({
    minimum: 1,
    default: 262_144,
    description: 'Largest did:web document accepted, in bytes; a larger one fails resolution without being read further.',
  }),
  resolverCacheTtlMs: Type.Integer({
    minimum: 0,
    default: 60_000,
    description:
      'How long a resolved DID document is reused; 0 disables the cache. It bounds how long another runtime may still accept a key revoked here.',
  }),
  resolverCacheMaxEntries: Type.Integer({
    minimum: 1,
    default: 10_000,
    description: 'Most DID documents kept in the cache; the least recently used one goes first.',
  }),
  didWebHttpLoopback: Type.Boolean({
    default: false,
    description:
      'Resolve did:web DIDs whose host is loopback (localhost, 127.0.0.0/8) over plain http instead of https. For tests and local development only.',
  }),
});

export type IdentityHubSettings = Static<typeof IdentityHubSettings>;
