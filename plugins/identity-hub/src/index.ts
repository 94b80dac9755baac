/**
 * @tdss/identity-hub: per participant, a did:web document served on the identity context and
 * Ed25519/P-256 key pairs (created, activated, rotated, revoked) whose private keys live only in
 * the SecretStore; DID resolution (did:web, did:key, contributed methods) and JWS verification
 * against resolved documents; the identity API on the management context.
 */
import {
  Database,
  DatabaseSchemas,
  definePlugin,
  HttpRoutes,
  HttpServer,
  SecretStore,
} from '@tdss/sdk';
import { createDidWebRouter } from './api/did-web-routes.ts';
import { createManagementRouter } from './api/management-routes.ts';
import { identityOpenApi, managementOpenApi } from './api/openapi.ts';
import { createDidService } from './did/create-did-service.ts';
import { DidDocumentServices, DidService } from './did/did-service.ts';
import { resolveBaseUrls } from './did/resolve-base-urls.ts';
import { createKeyService } from './keys/create-key-service.ts';
import { KeyService } from './keys/key-service.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { collectResolvers } from './resolver/collect-resolvers.ts';
import { createDidResolver } from './resolver/create-did-resolver.ts';
import { createDidKeyResolver } from './resolver/did-key-resolver.ts';
import { DidResolver, DidResolvers } from './resolver/did-resolver.ts';
import { createDidWebResolver } from './resolver/did-web-resolver.ts';
import { createResolutionCache } from './resolver/resolution-cache.ts';
import { IdentityHubSettings } from './settings.ts';
import { identityMigrations } from './storage/identity-migrations.ts';
import { DidRecord } from './storage/did-record.ts';
import { KeyPairRecord } from './storage/key-pair-record.ts';

export { IdentityHubSettings } from './settings.ts';
export type { DidDocument, DidServiceEntry, VerificationMethod, VerificationRelationship } from './did/did-document.ts';
export { DidService, DidDocumentServices, type DidServiceEntries, type ParticipantDid } from './did/did-service.ts';
export { KeyService, type KeyPairQuery, type NewKeyPair, type SignOptions } from './keys/key-service.ts';
export { KEY_ALGORITHMS, KEY_PAIR_STATES, type KeyAlgorithm, type KeyPair, type KeyPairState } from './keys/key-pair.ts';
export { DidResolver, DidResolvers, type DidMethodResolver } from './resolver/did-resolver.ts';
export { DidResolutionError, type DidResolutionErrorCode } from './resolver/did-resolution-error.ts';
export { verifyJws, type VerifiedJws, type VerifyJwsOptions } from './verify/verify-jws.ts';
export { JwsVerificationError, type JwsVerificationErrorCode } from './verify/jws-verification-error.ts';

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'did:web documents and Ed25519/P-256 key pairs per participant, DID resolution, and the identity management API.',
  settings: IdentityHubSettings,
  provides: [KeyService, DidService, DidResolver],
  requires: [Database, SecretStore, HttpServer],
  contributes: [DatabaseSchemas, HttpRoutes],
  register(ctx) {
    ctx.contribute(DatabaseSchemas, { plugin: PLUGIN_NAME, entities: [DidRecord, KeyPairRecord], migrations: identityMigrations });
    const keys = ctx.lazy(KeyService);
    const dids = ctx.lazy(DidService);
    ctx.contribute(HttpRoutes, { context: 'management', router: createManagementRouter({ keys, dids }), openapi: managementOpenApi });
    ctx.contribute(HttpRoutes, { context: 'identity', router: createDidWebRouter(dids), openapi: identityOpenApi });
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
    ctx.provide(
      KeyService,
      createKeyService({
        db,
        secrets: ctx.get(SecretStore),
        dids,
        defaultAlgorithm: settings.defaultKeyAlgorithm,
        logger,
        documentChanged: (did) => resolver.evict(did),
      }),
    );
    logger.info({ didBaseUrl: urls.didBaseUrl, didMethods: resolver.methods() }, 'identity hub ready');
  },
});
