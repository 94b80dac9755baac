/**
 * The S3 data plane on @tdss/dataplane-sdk: provider push only. Start checks the flow (addresses,
 * secrets, source listing, destination bucket), records that its copy runs and, once STARTED is
 * stored, copies in the background; resume continues the copy, suspend stops it after the part in
 * flight, terminate aborts it and its multipart uploads.
 *
 * Each copy runs in the replica holding its flow's lease (the SDK's createFlowOwnership), so two
 * replicas on one database never copy a flow together. The control plane's registration
 * (in-process: attachment) is the moment copies a previous process (or a crashed replica) left
 * behind continue: their end must reach a control plane.
 */
import { createDataPlane, createDataPlaneRouter, type DataFlow, type DataFlowStore, type DataPlane, type DataPlaneSignaling, type FlowOwnership } from '@tdss/dataplane-sdk';
import type { Logger } from '@tdss/sdk';
import type { CopyFlows } from './copy-flows.ts';
import { planCopy, type PlanOptions } from './copy-plan.ts';
import type { CopyProgress } from './copy-progress.ts';
import type { DataPlaneS3Settings } from './settings.ts';

export interface S3DataPlaneOptions {
  settings: DataPlaneS3Settings;
  store: DataFlowStore;
  plan: PlanOptions;
  progress: CopyProgress;
  copies: () => CopyFlows;
  ownership: () => FlowOwnership;
  logger: Logger;
}

export function createS3DataPlane(options: S3DataPlaneOptions): DataPlane {
  const begin = async (flow: DataFlow) => {
    await planCopy(flow, options.plan);
    // Recorded before the flow is STARTED: a crash from here on leaves a copy to continue.
    await options.progress.begin(flow.id);
    const claim = () => options.ownership().claim(flow).catch((error: unknown) => options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-s3: a copy could not be claimed; the next lease round takes it'));
    return { afterSave: () => void claim() };
  };
  const ended = async (flow: DataFlow) => {
    await options.ownership().end(flow.id);
    await options.copies().terminate(flow);
  };
  const plane = createDataPlane({
    id: options.settings.id,
    transferTypes: [{ profile: options.settings.pushProfile, flow: 'PUSH' }],
    store: options.store,
    logger: options.logger,
    onStart: begin,
    onResume: begin,
    onSuspend: async (flow) => {
      await options.ownership().end(flow.id);
      options.copies().suspend(flow.id);
    },
    onTerminate: ended,
    onCompleted: ended,
  });
  let resumed = false;
  const resumeOnce = () => {
    if (resumed) return;
    resumed = true;
    void options.copies().cleanUpEnded().catch((error: unknown) => options.logger.warn({ err: error }, 'dataplane-s3: the copies of ended flows could not be cleaned up'));
    void options.ownership().open().catch((error: unknown) => options.logger.warn({ err: error }, 'dataplane-s3: interrupted copies could not be continued'));
  };
  const signaling: DataPlaneSignaling = {
    ...plane.signaling,
    async registerControlPlane(message) {
      await plane.signaling.registerControlPlane(message);
      resumeOnce();
    },
  };
  return {
    ...plane,
    signaling,
    // The router too: a remote control plane registers over HTTP.
    router: createDataPlaneRouter(signaling),
    attachControlPlane(receiver) {
      plane.attachControlPlane(receiver);
      resumeOnce();
    },
  };
}
