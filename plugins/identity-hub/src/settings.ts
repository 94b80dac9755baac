/**
 * Settings of the identity hub. Every URL is derived from the HTTP contexts unless a deployment
 * behind a proxy or on its own domain says otherwise.
 */
import { type Static, Type } from '@tdss/sdk';
import { StateMachineSettings } from '@tdss/state-machine';

const httpUrl = { pattern: '^https?://[^\\s?#]+$' };
const DID_PATTERN = '^did:[a-z0-9]+:\\S+$';
/** Types are named by their term: scopes carry them between colons, and IRIs ending in the term match it. */
const TYPE_TERM = '[A-Za-z_][A-Za-z0-9_.-]{0,255}';
const CREDENTIAL_TYPE = Type.String({ pattern: `^${TYPE_TERM}$`, description: 'A credential type term, e.g. MembershipCredential.' });

const TrustedIssuer = Type.Object(
  {
    did: Type.String({ pattern: DID_PATTERN, description: 'The issuer DID.' }),
    credentialTypes: Type.Array(Type.String({ pattern: `^(?:\\*|${TYPE_TERM})$`, description: 'A credential type term, or "*".' }), {
      minItems: 1,
      description: 'Credential types this issuer is trusted for; "*" trusts it for every type.',
    }),
  },
  { additionalProperties: false },
);

const Dataspace = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'A name for log lines and errors.' }),
    participantContexts: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Participant context ids in this dataspace. Leave it out in one dataspace: the default for every participant context not listed elsewhere.',
      }),
    ),
    trustedIssuers: Type.Array(TrustedIssuer, { default: [], description: 'Issuers whose credentials are accepted, each for the types named.' }),
    issuer: Type.Optional(
      Type.String({
        pattern: DID_PATTERN,
        description:
          'The DID of the issuer participants of this dataspace request requiredCredentialTypes from (identity-hub.request-credentials); ' +
          'its DID document names the IssuerService. It is trusted for those types.',
      }),
    ),
    requiredCredentialTypes: Type.Array(CREDENTIAL_TYPE, {
      default: ['MembershipCredential'],
      description:
        'Types a counterparty must present on every DSP request; the verifier asks its credential service for them, and outgoing tokens grant the counterparty access to our own. Empty: counterparties are authenticated by their DID keys alone and present no credentials (a local dataspace without an issuer).',
    }),
    acceptKeysWithoutRelationships: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Interop with Eclipse EDC (and DCP kit 1.0.0-RC6), whose DID documents list keys under verificationMethod only: when a counterparty\'s DID document lists no key under any ' +
          'verification relationship, its keys count as listed under every one (capabilityInvocation for self-issued tokens, authentication for presentations, assertionMethod for credentials ' +
          'and status lists). Documents that list any relationship are checked strictly. It gives up key-purpose separation for such documents; the kid must still be a key of the signer\'s own DID.',
      }),
    ),
  },
  { additionalProperties: false },
);

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
  dataspaces: Type.Array(Dataspace, {
    default: [],
    description: 'Trust per dataspace: the issuers trusted for each credential type and the credential types every counterparty must present.',
  }),
  selfIssuedTokenTtlSeconds: Type.Integer({
    minimum: 1,
    maximum: 3_600,
    default: 300,
    description: 'Lifetime of the self-issued ID tokens, access tokens and presentations this runtime signs.',
  }),
  clockSkewSeconds: Type.Integer({
    minimum: 0,
    maximum: 300,
    default: 30,
    description: 'Leeway for exp, nbf and iat of tokens and for the validity window of credentials, for clocks that differ.',
  }),
  maxTokenLifetimeSeconds: Type.Integer({
    minimum: 60,
    maximum: 86_400,
    default: 3_600,
    description:
      'Self-issued tokens that expire later than this from now are refused; it bounds how long a used jti is remembered. ' +
      'Keep it at or above the token lifetime of every counterparty (selfIssuedTokenTtlSeconds here).',
  }),
  remoteTimeoutMs: Type.Integer({
    minimum: 1,
    default: 5_000,
    description: 'How long a presentation query to a credential service, or the fetch of a status list, may take.',
  }),
  presentationMaxBytes: Type.Integer({
    minimum: 1,
    default: 1_048_576,
    description: 'Largest presentation response accepted from a credential service; a larger one fails verification.',
  }),
  statusListMaxBytes: Type.Integer({
    minimum: 1,
    default: 1_048_576,
    description: 'Largest status list credential fetched, and largest bitstring it may decompress to.',
  }),
  statusListCacheTtlMs: Type.Integer({
    minimum: 0,
    default: 300_000,
    description: 'How long a fetched status list is reused; 0 fetches it for every credential. It bounds how long a revocation may go unnoticed.',
  }),
  statusListCacheMaxEntries: Type.Integer({ minimum: 1, default: 1_000, description: 'Most status lists kept in the cache; the least recently used goes first.' }),
  verifiedCredentialCacheMaxEntries: Type.Integer({
    minimum: 0,
    default: 10_000,
    description:
      'Most presented credentials whose issuer signature the verifier remembers (by the exact JWS, while the issuer DID document is the cached one); 0 checks every signature. The least recently used goes first.',
  }),
  /** Delivery of issued credentials to holders (the issuance state machine): leases, sweeps and retries with back-off. */
  issuance: StateMachineSettings,
  dcpHttpLoopback: Type.Boolean({
    default: false,
    description:
      'Query credential services and fetch status lists on loopback hosts (localhost, 127.0.0.0/8) over plain http. Anything else needs https. For tests only.',
  }),
});

export type IdentityHubSettings = Static<typeof IdentityHubSettings>;
