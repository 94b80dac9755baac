/**
 * @tdss/dataplane-kafka: a Kafka data plane on Data Plane Signaling. For the life of a transfer it
 * relays the provider asset's topic to the consumer's topic (profile Kafka-PUSH), or gives the
 * consumer a short-lived token and ACLs on the provider's broker for the agreed topic (Kafka-PULL);
 * either stops on suspend, continues from the committed offset on resume, and ends on terminate.
 * It runs in the runtime of the control plane (contributed to `LocalDataPlanes`) and is reachable
 * by remote control planes on the `signaling` context below /dataplane-kafka; pull consumers renew
 * their tokens, and brokers read its JWKS, on the `public` context there.
 */
import Router from '@koa/router';
import { LocalDataPlanes } from '@tdss/control-plane';
import { createFlowTokens, createMemoryDataFlowStore, createSqlDataFlowStore, type DataFlow, dataFlowStoreSchema, type FlowTokens, loadFlowTokenKey } from '@tdss/dataplane-sdk';
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, HttpServer, type RuntimeInfo, SecretStore } from '@tdss/sdk';
import { sourceAddress } from './address/source-address.ts';
import { createKafkaDataPlane, type KafkaDataPlane } from './data-plane/kafka-data-plane.ts';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { kafkaSchema } from './kafka-schema.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { createPullAccess } from './pull/pull-access.ts';
import { createPullRoutes } from './pull/pull-routes.ts';
import { loadSigningKey, publicJwks, type SigningJwk } from './pull/pull-signing-key.ts';
import { createPullTokens, type PullTokens } from './pull/pull-tokens.ts';
import { DataPlaneKafkaSettings, SIGNALING_PATH } from './settings.ts';

export { describeAddress, kafkaClientConfig, type KafkaAddress, type KafkaSasl, type SaslMechanism, type SecurityProtocol } from './address/kafka-address.ts';
export { destinationAddress, KAFKA_ENDPOINT_TYPE } from './address/destination-address.ts';
export { KAFKA_SOURCE_TYPE, sourceAddress, type KafkaSource } from './address/source-address.ts';
export { createKafkaDataPlane, KAFKA_PULL, KAFKA_PUSH, type KafkaDataPlane, type KafkaDataPlaneOptions } from './data-plane/kafka-data-plane.ts';
export { createPullAccess, type PullAccess, type PullAccessOptions } from './pull/pull-access.ts';
export { pullClientConfig, type PullEndpoint } from './pull/pull-client.ts';
export { pullGroupId, pullPrincipal } from './pull/pull-principal.ts';
export { generateSigningKey, publicJwks, signingKeySecret, type SigningJwk } from './pull/pull-signing-key.ts';
export { createPullTokens, type PullToken, type PullTokens } from './pull/pull-tokens.ts';
export { SOURCE_HEADER, startKafkaRelay, type Delivery, type KafkaRelay, type RelayOptions, type RelaySpec } from './relay/kafka-relay.ts';
export { deleteFlowGroup } from './relay/delete-flow-group.ts';
export { flowGroupId } from './relay/flow-group.ts';
export { DataPlaneKafkaSettings } from './settings.ts';

/** Per runtime: one process may run several runtimes of this plugin (tests). */
const planes = new WeakMap<RuntimeInfo, KafkaDataPlane>();

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'Kafka data plane (DPS): relays the provider\'s topic to the consumer\'s (push) or grants the consumer scoped, short-lived access to it on the provider\'s broker (pull) for the life of a transfer; suspend, resume from the committed offset, terminate.',
  settings: DataPlaneKafkaSettings,
  optional: [Database, SecretStore, HttpServer],
  contributes: [LocalDataPlanes, HttpRoutes, DatabaseSchemas],
  register(ctx) {
    const { settings, logger } = ctx;
    const database = ctx.lazyOptional(Database);
    const secrets = ctx.lazyOptional(SecretStore);
    const http = ctx.lazyOptional(HttpServer);
    // Loaded at the first pull, from the secret store (runtime scope), shared by replicas and restarts.
    const key = loadOnce<SigningJwk>(() => loadSigningKey(secrets(), settings.id, logger));
    const pullTokens = loadOnce<PullTokens>(async () => createPullTokens({ key: await key(), issuer: settings.id, ttlSeconds: settings.pullTokenTtlSeconds }));
    const refresh = {
      tokens: loadOnce<FlowTokens>(async () =>
        createFlowTokens({ secret: await loadFlowTokenKey(secrets(), { plugin: PLUGIN_NAME, dataPlaneId: settings.id }, logger), issuer: settings.id, refreshTtlSeconds: settings.refreshTokenTtlSeconds }),
      ),
      // Without a public context there is nowhere to renew: the token lives its lifetime, then the consumer asks for the transfer again.
      endpoint: () => {
        const server = http();
        return server ? `${server.url('public')}${SIGNALING_PATH}/token` : undefined;
      },
    };
    const access = createPullAccess({
      tokens: pullTokens,
      refresh,
      clientId: settings.clientId,
    });
    const requireDatabase = () => {
      const db = database();
      if (!db) throw new Error(`${PLUGIN_NAME}: store "sql" needs a Database (add @tdss/store-sql, or set store: memory)`);
      return db;
    };
    const sql = settings.store === 'sql';
    if (sql) {
      ctx.contribute(DatabaseSchemas, dataFlowStoreSchema(PLUGIN_NAME));
      ctx.contribute(DatabaseSchemas, kafkaSchema(PLUGIN_NAME));
    }
    const store = sql ? createSqlDataFlowStore(requireDatabase, settings.id) : createMemoryDataFlowStore();
    // Replicas share the database: each flow relays in the one replica that holds its lease.
    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const resolveSource = (flow: DataFlow) => sourceAddress(String(flow.metadata.participantContextId ?? ''), (flow.metadata.sourceDataAddress ?? {}) as Record<string, unknown>, secrets());
    const plane = createKafkaDataPlane({
      id: settings.id,
      profile: settings.profile,
      pull: { profile: settings.pullProfile, access },
      store,
      logger,
      maxRelayFailures: settings.maxRelayFailures,
      watchIntervalMs: settings.watchIntervalMs,
      ...(sql ? { ownership: { owner, leaseMs: settings.leaseMs } } : {}),
      // The control plane sends the asset's data address and the provider's participant context with the start.
      resolveSource,
      relay: {
        clientId: settings.clientId,
        exactlyOnce: settings.exactlyOnce,
        sessionTimeoutMs: settings.sessionTimeoutMs,
        maxWaitTimeMs: settings.maxWaitTimeMs,
        maxBytesPerPartition: settings.maxBytesPerPartition,
        maxRequestBytes: settings.maxRequestBytes,
        retryDelayMs: settings.retryDelayMs,
      },
    });
    planes.set(ctx.runtime, plane);
    ctx.contribute(LocalDataPlanes, plane.dataPlane);
    const signaling = new Router();
    signaling.use(SIGNALING_PATH, plane.dataPlane.router.routes(), plane.dataPlane.router.allowedMethods());
    ctx.contribute(HttpRoutes, { context: 'signaling', router: signaling });
    const pullRoutes = createPullRoutes({
      flow: (id) => plane.dataPlane.flow(id),
      isPull: (flow) => flow.profile === settings.pullProfile,
      resolveSource,
      access,
      refreshTokens: refresh.tokens,
      jwks: async () => publicJwks(await key()),
    });
    ctx.contribute(HttpRoutes, { context: 'public', router: pullRoutes });
  },
  async start(ctx) {
    if (ctx.settings.store === 'sql' && !ctx.getOptional(Database)) return;
    const plane = planes.get(ctx.runtime);
    // The STARTED flows no other replica holds relay here again (and later ones, as their leases expire).
    await plane?.claim();
    const relaying = plane?.relaying().length ?? 0;
    if (relaying > 0) ctx.logger.info({ flows: relaying }, 'kafka data plane: started flows relay again');
  },
  async stop(ctx) {
    // Each relay commits what it delivered and gives its lease up; the flows stay STARTED, and
    // another replica (or this one's next start) relays them.
    await planes.get(ctx.runtime)?.close();
  },
});

/** `load`'s result, loaded at the first call; a load that failed (the secret store unreachable for a moment) is tried again at the next call rather than failing every pull until a restart. */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}
