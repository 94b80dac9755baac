/**
 * @tdss/dataplane-http: an HTTP data plane on Data Plane Signaling, in the runtime of the control
 * plane (contributed to `LocalDataPlanes`) and reachable by remote control planes on the
 * `signaling` context. Consumer pull from the `public` context with short-lived flow tokens;
 * provider push to the consumer's endpoint.
 */
import Router from '@koa/router';
import { LocalDataPlanes } from '@tdss/control-plane';
import { createFlowTokens, createMemoryDataFlowStore, type DataPlane, createSqlDataFlowStore, dataFlowStoreSchema, dataPlaneOpenApi, type FlowTokens, loadFlowTokenKey } from '@tdss/dataplane-sdk';
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, HttpServer, type RuntimeInfo, SecretStore } from '@tdss/sdk';
import { createHttpDataPlane } from './create-http-data-plane.ts';
import { pullOpenApi } from './pull-openapi.ts';
import { createPullRoutes } from './pull-routes.ts';
import { createPushFlows, type PushFlows } from './push-flows.ts';
import { DataPlaneHttpSettings, PULL_PATH, SIGNALING_PATH } from './settings.ts';
import type { SourceOptions } from './source.ts';

export { DataPlaneHttpSettings } from './settings.ts';
export { HTTP_ENDPOINT_TYPE } from './pull-address.ts';

const name = '@tdss/dataplane-http';

/** Per runtime: one process may run several runtimes of this plugin (tests). */
const running = new WeakMap<RuntimeInfo, { tokens?: FlowTokens; push: PushFlows; plane?: DataPlane }>();

export default definePlugin({
  name,
  version: '0.1.0',
  description: 'HTTP data plane (DPS): consumer pull with short-lived flow tokens, Range and token renewal; provider push; HTTP and file sources.',
  settings: DataPlaneHttpSettings,
  requires: [HttpServer],
  optional: [Database, SecretStore],
  contributes: [LocalDataPlanes, HttpRoutes, DatabaseSchemas],
  register(ctx) {
    const { settings, logger } = ctx;
    const http = ctx.lazy(HttpServer);
    const secrets = ctx.lazyOptional(SecretStore);
    const database = ctx.lazyOptional(Database);
    const source: SourceOptions = {
      allowFiles: settings.allowFileSources,
      timeoutMs: settings.sourceTimeoutMs,
      secret: async (participantContextId, key) => secrets()?.get(participantContextId, key),
    };
    if (settings.store === 'sql') ctx.contribute(DatabaseSchemas, dataFlowStoreSchema(name));
    const store =
      settings.store === 'sql'
        ? createSqlDataFlowStore(() => {
            const db = database();
            if (!db) throw new Error('dataplane-http: store "sql" needs a Database (add @tdss/store-sql, or set store: memory)');
            return db;
          }, settings.id)
        : createMemoryDataFlowStore();
    const push = createPushFlows({ plane: () => plane, source, logger });
    const state: { tokens?: FlowTokens; push: PushFlows; plane?: DataPlane } = { push };
    running.set(ctx.runtime, state);
    // The token key comes from the secret store, at start.
    const tokens = () => {
      if (!state.tokens) throw new Error('dataplane-http: pull tokens are used before the plugin started');
      return state.tokens;
    };
    const plane = createHttpDataPlane({ settings, store, tokens, pullBase: () => `${http().url('public')}${PULL_PATH}`, push: () => push, logger });
    state.plane = plane;
    ctx.contribute(LocalDataPlanes, plane);
    ctx.contribute(HttpRoutes, { context: 'public', router: createPullRoutes({ plane: () => plane, tokens, source }), openapi: pullOpenApi });
    ctx.contribute(HttpRoutes, { context: 'signaling', router: prefixed(SIGNALING_PATH, plane.router), openapi: dataPlaneOpenApi(SIGNALING_PATH) });
  },
  async start(ctx) {
    const state = running.get(ctx.runtime)!;
    const key = await loadFlowTokenKey(ctx.getOptional(SecretStore), { plugin: 'dataplane-http', dataPlaneId: ctx.settings.id }, ctx.logger);
    state.tokens = createFlowTokens({ secret: key, issuer: ctx.settings.id, accessTtlSeconds: ctx.settings.accessTokenTtlSeconds, refreshTtlSeconds: ctx.settings.refreshTokenTtlSeconds });
  },
  async drain(ctx) {
    running.get(ctx.runtime)?.push.stopAll();
    await running.get(ctx.runtime)?.plane?.close?.();
  },
});

/** The data plane API below its own path, so that several data planes share the signaling context. */
function prefixed(path: string, router: Router): Router {
  const outer = new Router();
  outer.use(path, router.routes(), router.allowedMethods());
  return outer;
}
