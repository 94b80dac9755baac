/**
 * @tdss/identity-hub: per participant, a did:web document served on the identity context and
 * Ed25519/P-256 key pairs (created, activated, rotated, revoked) whose private keys live only in
 * the SecretStore; DID resolution (did:web, did:key, contributed methods) and JWS verification
 * against resolved documents; a credential wallet filled by issuers through the DCP Storage API
 * and presented through the DCP Resolution API; the STS; DCP authentication of DSP requests
 * (DspIdentityService); a DCP issuer service per issuing participant and credential requests of
 * holders; the identity API on the management context.
 */
import {
  Database,
  DatabaseSchemas,
  definePlugin,
  DspIdentityService,
  HttpRoutes,
  HttpServer,
  SecretStore,
} from '@tdss/sdk';
import { credentialManagementOpenApi, credentialServiceOpenApi } from './api/credential-openapi.ts';
import { createCredentialRouter } from './api/credential-routes.ts';
import { createDcpRouter } from './api/dcp-routes.ts';
import { createDidWebRouter } from './api/did-web-routes.ts';
import { createManagementRouter } from './api/management-routes.ts';
import { createStsClientRouter } from './api/sts-client-routes.ts';
import { stsManagementOpenApi, stsTokenOpenApi } from './api/sts-openapi.ts';
import { createStsTokenRouter } from './api/sts-token-routes.ts';
import { identityOpenApi, managementOpenApi } from './api/openapi.ts';
import { CredentialOffers, createCredentialOffers } from './credentials/credential-offers.ts';
import { CredentialStore } from './credentials/credential-store.ts';
import { createCredentialStore } from './credentials/create-credential-store.ts';
import { receiveCredentialMessage } from './credentials/receive-credential-message.ts';
import { receiveCredentialOffer } from './credentials/receive-credential-offer.ts';
import { DcpCredentialService } from './dcp/dcp-credential-service.ts';
import type { DcpServices } from './dcp/dcp-services.ts';
import { createDidService } from './did/create-did-service.ts';
import { DidDocumentServices, DidService } from './did/did-service.ts';
import { resolveBaseUrls } from './did/resolve-base-urls.ts';
import { createKeyService } from './keys/create-key-service.ts';
import { KeyService } from './keys/key-service.ts';
import { createSecretSigningKeys } from './keys/create-secret-signing-keys.ts';
import { SigningKeys } from './keys/signing-keys.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { answerPresentationQuery } from './presentation/answer-presentation-query.ts';
import { collectResolvers } from './resolver/collect-resolvers.ts';
import { createDidResolver } from './resolver/create-did-resolver.ts';
import { createDidKeyResolver } from './resolver/did-key-resolver.ts';
import { DidResolver, DidResolvers } from './resolver/did-resolver.ts';
import { createDidWebResolver } from './resolver/did-web-resolver.ts';
import { createResolutionCache } from './resolver/resolution-cache.ts';
import { IdentityHubSettings } from './settings.ts';
import { createStatusListChecker } from './status/status-list-checker.ts';
import { CredentialOfferRecord } from './storage/credential-offer-record.ts';
import { CredentialRecord } from './storage/credential-record.ts';
import { identityMigrations } from './storage/identity-migrations.ts';
import { DidRecord } from './storage/did-record.ts';
import { KeyPairRecord } from './storage/key-pair-record.ts';
import { UsedTokenIdRecord } from './storage/used-token-id-record.ts';
import { createSecureTokenService } from './sts/create-secure-token-service.ts';
import { SecureTokenService } from './sts/secure-token-service.ts';
import { createStsClientSecrets } from './sts/sts-client-secrets.ts';
import { createTokenIdStore } from './tokens/token-id-store.ts';
import { createTrustRegistry } from './trust/create-trust-registry.ts';
import { createIdentityPurge, IdentityPurge } from './participants/identity-purge.ts';
import { Dataspaces } from './trust/dataspaces.ts';
import { createDcpIdentityService } from './verifier/create-dcp-identity-service.ts';
import { drainIssuer, ISSUER_EXTENSIONS, ISSUER_SERVICES, registerIssuer, startIssuer } from './issuer/register-issuer.ts';

export { IdentityHubSettings } from './settings.ts';
export type { DidDocument, DidServiceEntry, VerificationMethod, VerificationRelationship } from './did/did-document.ts';
export { DidService, DidDocumentServices, type DidServiceEntries, type ParticipantDid } from './did/did-service.ts';
export { KeyService, type KeyPairQuery, type NewKeyPair, type SignOptions } from './keys/key-service.ts';
export { SigningKeys } from './keys/signing-keys.ts';
export { KEY_ALGORITHMS, KEY_PAIR_STATES, type KeyAlgorithm, type KeyPair, type KeyPairState } from './keys/key-pair.ts';
export { DidResolver, DidResolvers, type DidMethodResolver } from './resolver/did-resolver.ts';
export { DidResolutionError, type DidResolutionErrorCode } from './resolver/did-resolution-error.ts';
export { verifyJws, type VerifiedJws, type VerifyJwsOptions } from './verify/verify-jws.ts';
export { JwsVerificationError, type JwsVerificationErrorCode } from './verify/jws-verification-error.ts';
export {
  CredentialStore,
  type CredentialOrigin,
  type PresentableCredential,
  type StoredCredential,
  type StoredCredentialDetail,
} from './credentials/credential-store.ts';
export { CredentialOffers, type CredentialOffer } from './credentials/credential-offers.ts';
export { CREDENTIAL_FORMATS, InvalidCredentialError, type CredentialFormat, type ParsedCredential } from './credentials/parsed-credential.ts';
export { parseCredential } from './credentials/parse-credential.ts';
export { SecureTokenService, type IssuedToken, type SelfIssuedTokenRequest } from './sts/secure-token-service.ts';
export { DcpCredentialService } from './dcp/dcp-credential-service.ts';
export type { PresentationResponseMessage } from './presentation/answer-presentation-query.ts';
export { typeScope, VC_ID_ALIAS, VC_TYPE_ALIAS } from './presentation/scopes.ts';
export type { CredentialClaims } from './verifier/credential-claims.ts';
export { IssuerService, type IssuanceRequestQuery, type IssuedCredentialQuery } from './issuer/issuer-service.ts';
export type { CredentialDefinition, NewCredentialDefinition } from './issuer/definitions/credential-definition.ts';
export type { Attestation, AllowListEntry } from './issuer/attestations/attestation.ts';
export type { IssuanceRequest, IssuanceState } from './issuer/requests/issuance-request.ts';
export type { IssuedCredential } from './issuer/credentials/issued-credential.ts';
export { CredentialRequests, type CredentialRequestRef, type CredentialRequestStatus } from './credential-requests/credential-requests.ts';
export { REQUEST_CREDENTIALS, type RequestCredentialsOutput } from './credential-requests/request-credentials-activity.ts';
export { IdentityPurge } from './participants/identity-purge.ts';
export { Dataspaces, type DataspaceInfo } from './trust/dataspaces.ts';

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description:
    'did:web documents and Ed25519/P-256 key pairs per participant, DID resolution, credential wallets, the DCP credential service and STS, ' +
    'DCP authentication of DSP requests, and the identity management API.',
  settings: IdentityHubSettings,
  provides: [KeyService, DidService, DidResolver, CredentialStore, CredentialOffers, SecureTokenService, DcpCredentialService, DspIdentityService, IdentityPurge, Dataspaces, ...ISSUER_SERVICES],
  requires: [Database, SecretStore, HttpServer],
  optional: [SigningKeys],
  contributes: [DatabaseSchemas, HttpRoutes, ...ISSUER_EXTENSIONS],
  register(ctx) {
    ctx.contribute(DatabaseSchemas, {
      plugin: PLUGIN_NAME,
      entities: [DidRecord, KeyPairRecord, CredentialRecord, CredentialOfferRecord, UsedTokenIdRecord],
      migrations: identityMigrations,
    });
    const keys = ctx.lazy(KeyService);
    const dids = ctx.lazy(DidService);
    ctx.contribute(HttpRoutes, { context: 'management', router: createManagementRouter({ keys, dids }), openapi: managementOpenApi });
    ctx.contribute(HttpRoutes, { context: 'management', router: createCredentialRouter(ctx.lazy(CredentialStore), ctx.lazy(CredentialOffers)), openapi: credentialManagementOpenApi });
    ctx.contribute(HttpRoutes, { context: 'identity', router: createDidWebRouter(dids), openapi: identityOpenApi });
    ctx.contribute(HttpRoutes, { context: 'protocol', router: createDcpRouter(ctx.lazy(DcpCredentialService)), openapi: credentialServiceOpenApi });
    const clientSecrets = createStsClientSecrets(ctx.lazy(SecretStore));
    ctx.contribute(HttpRoutes, { context: 'management', router: createStsClientRouter(() => clientSecrets), openapi: stsManagementOpenApi });
    ctx.contribute(HttpRoutes, {
      context: 'protocol',
      router: createStsTokenRouter({ sts: ctx.lazy(SecureTokenService), clientSecrets: () => clientSecrets }),
      openapi: stsTokenOpenApi,
    });
    registerIssuer(ctx);
  },
  start(ctx) {
    const { settings, logger } = ctx;
    const urls = resolveBaseUrls(settings, ctx.get(HttpServer), logger);
    const resolver = createDidResolver({
      resolvers: collectResolvers(
        [createDidWebResolver({ maxBytes: settings.resolverMaxBytes, httpLoopback: settings.didWebHttpLoopback }), createDidKeyResolver()],
        ctx.contributions(DidResolvers),
      ),
      cache: createResolutionCache({ ttlMs: settings.resolverCacheTtlMs, maxEntries: settings.resolverCacheMaxEntries }),
      timeoutMs: settings.resolverTimeoutMs,
    });
    const db = ctx.get(Database);
    const dids = createDidService({ db, ...urls, serviceEntries: ctx.contributions(DidDocumentServices) });
    ctx.provide(DidResolver, resolver);
    ctx.provide(DidService, dids);
    const keys = createKeyService({
      db,
      signingKeys: ctx.getOptional(SigningKeys) ?? createSecretSigningKeys(ctx.get(SecretStore)),
      dids,
      defaultAlgorithm: settings.defaultKeyAlgorithm,
      logger,
      documentChanged: (did) => resolver.evict(did),
    });
    ctx.provide(KeyService, keys);
    ctx.provide(IdentityPurge, createIdentityPurge({ db, forgetDid: (did) => resolver.evict(did) }));
    ctx.provide(Dataspaces, { list: () => settings.dataspaces });
    const credentials = createCredentialStore({ db, logger });
    ctx.provide(CredentialStore, credentials);
    const offers = createCredentialOffers({ db, logger });
    ctx.provide(CredentialOffers, offers);
    const sts = createSecureTokenService({ keys, dids, ttlSeconds: settings.selfIssuedTokenTtlSeconds });
    ctx.provide(SecureTokenService, sts);
    const dcp: DcpServices = {
      dids,
      keys,
      resolver,
      credentials,
      sts,
      tokenIds: createTokenIdStore({ db, logger }),
      statusLists: createStatusListChecker({
        resolver,
        httpLoopback: settings.dcpHttpLoopback,
        timeoutMs: settings.remoteTimeoutMs,
        maxBytes: settings.statusListMaxBytes,
        cacheTtlMs: settings.statusListCacheTtlMs,
        cacheMaxEntries: settings.statusListCacheMaxEntries,
      }),
      trust: createTrustRegistry(settings.dataspaces, logger),
      logger,
      clockSkewMs: settings.clockSkewSeconds * 1000,
      maxTokenLifetimeMs: settings.maxTokenLifetimeSeconds * 1000,
      ttlSeconds: settings.selfIssuedTokenTtlSeconds,
      now: () => new Date(),
    };
    ctx.provide(DcpCredentialService, {
      presentationQuery: (participantId, authorization, body) => answerPresentationQuery(dcp, participantId, authorization, body),
      storeCredentials: (participantId, authorization, body) => receiveCredentialMessage(dcp, participantId, authorization, body),
      receiveOffer: (participantId, authorization, body) => receiveCredentialOffer({ ...dcp, offers }, participantId, authorization, body),
    });
    ctx.provide(
      DspIdentityService,
      createDcpIdentityService(dcp, {
        httpLoopback: settings.dcpHttpLoopback,
        timeoutMs: settings.remoteTimeoutMs,
        presentationMaxBytes: settings.presentationMaxBytes,
        verifiedCredentialCacheMaxEntries: settings.verifiedCredentialCacheMaxEntries,
      }),
    );
    startIssuer(ctx, dcp, urls);
    logger.info(
      { didBaseUrl: urls.didBaseUrl, didMethods: resolver.methods(), dataspaces: settings.dataspaces.map((d) => d.name) },
      'identity hub ready',
    );
  },
  async drain(ctx) {
    await drainIssuer(ctx.runtime);
  },
});
