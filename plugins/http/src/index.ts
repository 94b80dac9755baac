/**
 * @tdss/http: the API contexts (management, protocol, signaling, public, identity,
 * observability, and any a profile adds) on koa. Plugins contribute routers through HttpRoutes
 * in register(); this plugin mounts them under their context paths in start(), opens one server
 * per distinct host and port, and provides HttpServer (the embeddable handler and context URLs).
 */
import { definePlugin, Health, HttpRoutes, HttpServer, ManagementAccess, Metrics, type RuntimeInfo } from '@tdss/sdk';
import { refuseOpenManagement } from './access/refuse-open-management.ts';
import { type AppDeps, createContextApp, createFallbackApp } from './app/create-context-app.ts';
import { dispatchByPath } from './app/dispatch-by-path.ts';
import { createHttpMetrics } from './metrics/create-http-metrics.ts';
import { createObservabilityRoutes } from './observability/observability-routes.ts';
import { buildOpenApiDocument } from './openapi/build-openapi-document.ts';
import { createOpenApiRouter } from './openapi/openapi-router.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { contextUrl } from './server/context-url.ts';
import { type Listeners, openListeners } from './server/open-listeners.ts';
import { HttpSettings } from './settings/http-settings.ts';
import { resolveContexts, type ResolvedContext } from './settings/resolve-contexts.ts';
import { checkKnownContexts, unknownContext } from './settings/unknown-context.ts';

export { HttpSettings } from './settings/http-settings.ts';

/** Open servers per runtime: one plugin object serves every runtime of the process. */
const openServers = new WeakMap<RuntimeInfo, Listeners>();

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'HTTP API contexts on koa: request ids, access logs, metrics, problem+json errors, health, OpenAPI.',
  settings: HttpSettings,
  provides: [HttpServer],
  // Authenticates the management context when present; without it that context stays on loopback.
  optional: [ManagementAccess],
  async start(ctx) {
    const contexts = resolveContexts(ctx.settings);
    const byName = new Map(contexts.map((c) => [c.name, c]));
    const routes = [
      createObservabilityRoutes({ runtime: ctx.runtime, health: ctx.get(Health), metrics: ctx.get(Metrics) }),
      ...ctx.contributions(HttpRoutes),
    ];
    checkKnownContexts(routes, contexts);
    const access = ctx.getOptional(ManagementAccess);
    const management = byName.get('management');
    if (!access && management && ctx.settings.listen) refuseOpenManagement(management);

    let listeners: Listeners | undefined;
    const url = (name: string): string => {
      const context = byName.get(name);
      if (!context) throw unknownContext(name, contexts);
      return contextUrl(context, listeners?.port(name));
    };

    const deps: AppDeps = { logger: ctx.logger, metrics: createHttpMetrics(ctx.get(Metrics)), runtime: ctx.runtime };
    const apps = new Map(
      contexts.map((context) => {
        const own = routes.filter((r) => r.context === context.name);
        const document = buildOpenApiDocument({
          context: context.name,
          version: ctx.plugin.version,
          fragments: own.flatMap((r) => (r.openapi ? [r.openapi] : [])),
        });
        const routers = [createOpenApiRouter(document, () => url(context.name)), ...own.map((r) => r.router)];
        const app = createContextApp(
          { context, routers, gated: context.name !== 'observability', ...(access && context.name === 'management' ? { access } : {}) },
          deps,
        );
        return [context.name, app.callback()];
      }),
    );
    const fallback = createFallbackApp(deps).callback();
    const serve = (group: readonly ResolvedContext[]) =>
      dispatchByPath(
        group.map((context) => ({ path: context.path, listener: apps.get(context.name)! })),
        fallback,
      );

    if (ctx.settings.listen) {
      listeners = await openListeners(contexts, serve);
      openServers.set(ctx.runtime, listeners);
    }
    ctx.provide(HttpServer, { handler: serve(contexts), url });
    ctx.logger.info(
      { listen: ctx.settings.listen, contexts: Object.fromEntries(contexts.map((c) => [c.name, url(c.name)])) },
      'HTTP contexts ready',
    );
  },
  // Draining, not stopping: in-flight requests finish while the plugins serving them still run.
  async drain(ctx) {
    const listeners = openServers.get(ctx.runtime);
    if (!listeners) return;
    openServers.delete(ctx.runtime);
    await listeners.close(ctx.settings.drainTimeoutMs);
    ctx.logger.info('HTTP servers closed');
  },
});
