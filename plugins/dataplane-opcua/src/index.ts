/**
 * @tdss/dataplane-opcua: an OPC UA data plane on Data Plane Signaling, in the runtime of the
 * control plane (contributed to `LocalDataPlanes`) and reachable by remote control planes on the
 * `signaling` context. Consumer pull of current values and of a stream of data changes from the
 * `public` context with short-lived flow tokens; provider push of data changes to the consumer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Router from '@koa/router';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { LocalDataPlanes } from '@tdss/control-plane';
import { createFlowOwnership, createFlowTokens, createMemoryDataFlowStore, createSqlDataFlowStore, dataFlowStoreSchema, type FlowOwnership, type FlowTokens, loadFlowTokenKey } from '@tdss/dataplane-sdk';
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, HttpServer, type RuntimeInfo, SecretStore } from '@tdss/sdk';
import { createFlowLeases, type FlowLeases } from './flow-leases.ts';
import { createFlowStreams, type FlowStreams } from './flow-streams.ts';
import { createOpcUaDataPlane } from './opcua-data-plane.ts';
import { createOpcUaSessions, type OpcUaSessions } from './opcua-sessions.ts';
import { pullOpenApi } from './pull-openapi.ts';
import { createPullRoutes } from './pull-routes.ts';
import { createPushFlows, type PushFlows } from './push-flows.ts';
import { DataPlaneOpcUaSettings, PULL_PATH, SIGNALING_PATH } from './settings.ts';

export { DataPlaneOpcUaSettings } from './settings.ts';
export { type OpcUaSource, readSourceAddress } from './source-address.ts';
export type { NodeValue } from './node-value.ts';

const name = '@tdss/dataplane-opcua';

interface Running {
  tokens?: FlowTokens;
  pki?: OPCUACertificateManager;
  /** The PKI folder this process made (and removes at stop), when no pkiDir is set. */
  madePkiDir?: string;
  sessions?: OpcUaSessions;
  leases?: FlowLeases;
  streams?: FlowStreams;
  push?: PushFlows;
  ownership?: FlowOwnership;
}

/** Per runtime: one process may run several runtimes of this plugin (tests). */
const running = new WeakMap<RuntimeInfo, Running>();

export default definePlugin({
  name,
  version: '0.1.0',
  description: 'OPC UA data plane (DPS): consumer pull of node values and data change streams with short-lived flow tokens; provider push of data changes; OPC UA security modes, credentials from the secret store.',
  settings: DataPlaneOpcUaSettings,
  requires: [HttpServer],
  optional: [Database, SecretStore],
  contributes: [LocalDataPlanes, HttpRoutes, DatabaseSchemas],
  register(ctx) {
    const { settings, logger } = ctx;
    const state: Running = {};
    running.set(ctx.runtime, state);
    const http = ctx.lazy(HttpServer);
    const secrets = ctx.lazyOptional(SecretStore);
    const database = ctx.lazyOptional(Database);
    const started = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`dataplane-opcua: ${what} used before the plugin started`);
      return value;
    };
    if (settings.store === 'sql') ctx.contribute(DatabaseSchemas, dataFlowStoreSchema(name));
    const store =
      settings.store === 'sql'
        ? createSqlDataFlowStore(() => {
            const db = database();
            if (!db) throw new Error('dataplane-opcua: store "sql" needs a Database (add @tdss/store-sql, or set store: memory)');
            return db;
          }, settings.id)
        : createMemoryDataFlowStore();
    state.sessions = createOpcUaSessions({
      pki: () => started(state.pki, 'the PKI'),
      readSecret: async (participantContextId, key) => secrets()?.get(participantContextId, key),
      connectTimeoutMs: settings.connectTimeoutMs,
      serverGoneMs: settings.serverGoneMs,
      applicationName: `TDSS ${settings.id}`,
      logger,
    });
    const streams = createFlowStreams();
    state.streams = streams;
    const leases = createFlowLeases({
      sessions: () => state.sessions!,
      errored: (flowId, reason) => void plane.errored(flowId, reason).catch((error: unknown) => logger.warn({ err: error, dataFlow: flowId }, 'dataplane-opcua: an error could not be reported')),
    });
    state.leases = leases;
    const plane = createOpcUaDataPlane({
      settings,
      store,
      tokens: () => started(state.tokens, 'tokens'),
      pullBase: () => `${http().url('public')}${PULL_PATH}`,
      leases,
      streams,
      push: () => started(state.push, 'push'),
      ownership: () => started(state.ownership, 'ownership'),
      logger,
    });
    const push = createPushFlows({ plane: () => plane, leases, settings, logger });
    state.push = push;
    // STARTED push flows deliver from one replica, and again after a restart (lease rounds from start()).
    state.ownership = createFlowOwnership({
      store,
      leaseMs: settings.leaseMs,
      runs: (flow) => flow.profile === settings.pushProfile,
      start: (flow) => push.start(flow),
      stop: async (flowId) => {
        push.stop(flowId);
        await leases.drop(flowId);
      },
      logger,
    });
    ctx.contribute(LocalDataPlanes, plane);
    ctx.contribute(HttpRoutes, { context: 'public', router: createPullRoutes({ plane: () => plane, tokens: () => started(state.tokens, 'tokens'), leases, streams, settings, logger }), openapi: pullOpenApi });
    ctx.contribute(HttpRoutes, { context: 'signaling', router: prefixed(SIGNALING_PATH, plane.router) });
  },
  async start(ctx) {
    const state = running.get(ctx.runtime)!;
    const key = await loadFlowTokenKey(ctx.getOptional(SecretStore), { plugin: 'dataplane-opcua', dataPlaneId: ctx.settings.id }, ctx.logger);
    state.tokens = createFlowTokens({ secret: key, issuer: ctx.settings.id, accessTtlSeconds: ctx.settings.accessTokenTtlSeconds });
    if (!ctx.settings.pkiDir) state.madePkiDir = await mkdtemp(join(tmpdir(), 'tdss-dataplane-opcua-pki-'));
    state.pki = new OPCUACertificateManager({ rootFolder: ctx.settings.pkiDir || state.madePkiDir!, automaticallyAcceptUnknownCertificate: ctx.settings.acceptUnknownServerCertificates });
    await state.pki.initialize();
    await state.ownership?.open();
    const pushing = state.ownership?.running().length ?? 0;
    if (pushing > 0) ctx.logger.info({ flows: pushing }, 'dataplane-opcua: started push flows deliver again');
  },
  async drain(ctx) {
    const state = running.get(ctx.runtime);
    // Gives the leases up: another replica (or the next start of this one) pushes the flows at once.
    await state?.ownership?.close();
    state?.push?.stopAll();
    state?.streams?.endEvery('the data plane is shutting down; reconnect');
    await state?.leases?.dropAll();
  },
  async stop(ctx) {
    const state = running.get(ctx.runtime);
    await state?.sessions?.closeAll();
    await state?.pki?.dispose();
    if (state?.madePkiDir) await rm(state.madePkiDir, { recursive: true, force: true });
  },
});

/** The data plane API below its own path, so that several data planes share the signaling context. */
function prefixed(path: string, router: Router): Router {
  const outer = new Router();
  outer.use(path, router.routes(), router.allowedMethods());
  return outer;
}
