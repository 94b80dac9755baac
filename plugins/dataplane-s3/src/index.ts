/**
 * @tdss/dataplane-s3: an S3 data plane on Data Plane Signaling, in the runtime of the control
 * plane (contributed to `LocalDataPlanes`) and reachable by remote control planes on the
 * `signaling` context. Provider push of an object or a prefix to a bucket of an S3-compatible
 * store, multipart above a threshold, resumable after a crash (progress in the runtime database).
 */
import Router from '@koa/router';
import { LocalDataPlanes } from '@tdss/control-plane';
import { createFlowOwnership, createSqlDataFlowStore, dataFlowStoreSchema, type FlowOwnership } from '@tdss/dataplane-sdk';
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, type RuntimeInfo, SecretStore } from '@tdss/sdk';
import { createCopyFlows } from './copy-flows.ts';
import { copyProgressSchema, createCopyProgress } from './copy-progress.ts';
import { createS3DataPlane } from './create-s3-data-plane.ts';
import { DataPlaneS3Settings, SIGNALING_PATH } from './settings.ts';

export { DataPlaneS3Settings } from './settings.ts';
export { S3_TYPE } from './s3-address.ts';

const name = '@tdss/dataplane-s3';

/** Per runtime: one process may run several runtimes of this plugin (tests). */
const running = new WeakMap<RuntimeInfo, FlowOwnership>();

export default definePlugin({
  name,
  version: '0.1.0',
  description: 'S3 data plane (DPS): provider push of objects and prefixes between S3-compatible stores, streamed multipart, resumable after a crash; credentials from the SecretStore.',
  settings: DataPlaneS3Settings,
  requires: [Database, SecretStore],
  contributes: [LocalDataPlanes, HttpRoutes, DatabaseSchemas],
  register(ctx) {
    const { settings, logger } = ctx;
    const database = ctx.lazy(Database);
    const secrets = ctx.lazy(SecretStore);
    ctx.contribute(DatabaseSchemas, dataFlowStoreSchema(name));
    ctx.contribute(DatabaseSchemas, copyProgressSchema(name));
    const progress = createCopyProgress(database, settings.id);
    const plan = { secrets: (tenant: string, key: string) => secrets().get(tenant, key), endpointOverrides: settings.endpointOverrides, maxAttempts: settings.maxAttempts, requestTimeoutMs: settings.requestTimeoutMs };
    const store = createSqlDataFlowStore(database, settings.id);
    const plane = createS3DataPlane({ settings, store, plan, progress, copies: () => copies, ownership: () => ownership, logger });
    const copies = createCopyFlows({ ...plan, plane: () => plane, progress, partSizeBytes: settings.partSizeBytes, multipartThresholdBytes: settings.multipartThresholdBytes, ended: (flowId) => ownership.end(flowId), logger });
    // A copy runs in the replica holding its flow's lease; a crashed replica's copies continue elsewhere once its leases expire.
    const ownership = createFlowOwnership({ store, leaseMs: settings.leaseMs, runs: (flow) => flow.profile === settings.pushProfile, start: (flow) => copies.start(flow), stop: (flowId) => copies.stop(flowId), logger });
    running.set(ctx.runtime, ownership);
    ctx.contribute(LocalDataPlanes, plane);
    const outer = new Router();
    outer.use(SIGNALING_PATH, plane.router.routes(), plane.router.allowedMethods());
    ctx.contribute(HttpRoutes, { context: 'signaling', router: outer });
  },
  async drain(ctx) {
    // Requests in flight are aborted and the progress stays; the leases are given up, so another replica (or the next start) continues at once.
    await running.get(ctx.runtime)?.close();
  },
});
