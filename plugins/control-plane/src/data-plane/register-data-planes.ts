/**
 * Registers Data Plane Signaling on the control plane: the data plane table and registry (service
 * `DataPlanes`), its management routes, and, at start, this runtime's data planes
 * (`LocalDataPlanes`), each told where our callbacks go.
 */
import type { DataPlane } from '@tdss/dataplane-sdk';
import { Database, DatabaseSchemas, HttpRoutes, HttpServer, type RegisterContext, SecretStore, type StartContext } from '@tdss/sdk';
import { type CallbackAuthentication, createCallbackAuthentication } from './callback-authentication.ts';
import { createDataPlaneCredentials } from './data-plane-credentials.ts';
import { Assets, type ParticipantContexts } from '../tokens.ts';
import type { DataFlowCallbacks } from './data-flow-callback-routes.ts';
import { createDataFlowSignals, type DataFlowSignals } from './data-flow-signals.ts';
import { dataPlaneOpenApi } from './data-plane-openapi.ts';
import { createDataPlaneRegistry, type DataPlaneRegistry, localDataPlaneInfo } from './data-plane-registry.ts';
import { createDataPlaneRoutes } from './data-plane-routes.ts';
import { dataPlaneSchema } from './data-plane-schema.ts';
import type { DataPlaneSettings } from './data-plane-settings.ts';
import { DataPlanes, LocalDataPlanes } from './data-plane-tokens.ts';

export const DATA_PLANE_SERVICES = [DataPlanes];
/** Where the credentials of data planes registered by URL are kept. */
export const DATA_PLANE_SERVICES_OPTIONAL = [SecretStore];

export interface DataPlaneSignalingSetup {
  registry: () => DataPlaneRegistry;
  signals: DataFlowSignals;
  /** Checks a data plane's callback over HTTP (bearer token of its registration, its own transfers only). */
  authenticate: CallbackAuthentication;
  /** Collects this runtime's data planes; they hand their callbacks to `callbacks` in-process. */
  start(ctx: StartContext<unknown>, callbacks: DataFlowCallbacks): Promise<void>;
  /** Stops sweeping the data planes' outboxes and waits for their callbacks in flight (drain: before the database goes). */
  stop(): Promise<void>;
}

export function registerDataPlanes(ctx: RegisterContext<unknown>, settings: DataPlaneSettings, contexts: () => ParticipantContexts): DataPlaneSignalingSetup {
  const http = ctx.lazy(HttpServer);
  let local: readonly DataPlane[] = [];
  let sweeper: NodeJS.Timeout | undefined;
  const controlPlane = () => ({ controlplaneId: settings.controlPlaneId, endpoint: http().url('signaling') });
  const db = ctx.lazy(Database);
  const credentials = createDataPlaneCredentials(db, ctx.lazyOptional(SecretStore));
  const registry = createDataPlaneRegistry({ db, local: () => local, controlPlane, requestTimeoutMs: settings.requestTimeoutMs, credentials, requireAuthorization: settings.requireAuthorization, logger: ctx.logger });

  ctx.contribute(DatabaseSchemas, dataPlaneSchema(ctx.plugin.name));
  ctx.provide(DataPlanes, registry);
  ctx.contribute(HttpRoutes, { context: 'management', router: createDataPlaneRoutes(() => registry, contexts, () => local.map(localDataPlaneInfo)), openapi: dataPlaneOpenApi });

  return {
    registry: () => registry,
    authenticate: createCallbackAuthentication({ db, credentials, isLocal: (id) => local.some((plane) => plane.id === id), requireAuthorization: settings.requireAuthorization }),
    signals: createDataFlowSignals({ registry: () => registry, contexts, assets: ctx.lazy(Assets), dataspaceContext: settings.dataspaceContext }),
    async start(startCtx, callbacks) {
      local = startCtx.contributions(LocalDataPlanes);
      for (const plane of local) plane.attachControlPlane((event, transferId, message) => callbacks.receive(event, transferId, message));
      ctx.logger.info({ dataPlanes: local.map((plane) => plane.id) }, 'data planes of this runtime registered');
      // Their callbacks that failed, or that a stopped replica left in the outbox, are sent again from here.
      if (local.length > 0 && settings.callbackSweepMs > 0) {
        sweeper = setInterval(() => void Promise.all(local.map((plane) => plane.sweepCallbacks?.())), settings.callbackSweepMs);
        sweeper.unref();
      }
      // Not awaited: a data plane that is down must not hold up the start.
      void registry.announce().catch((error: unknown) => ctx.logger.warn({ err: error }, 'data planes could not be told where callbacks go'));
    },
    async stop() {
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
      await Promise.all(local.map((plane) => plane.close?.()));
    },
  };
}
