/**
 * The S3 data plane on @tdss/dataplane-sdk: provider push only. Start checks the flow (addresses,
 * secrets, source listing, destination bucket), records that its copy runs and, once STARTED is
 * stored, copies in the background; resume continues the copy, suspend stops it after the part in
 * flight, terminate aborts it and its multipart uploads.
 *
 * The control plane's registration (in-process: attachment) is the moment copies a previous process left behind continue:
 * their end must reach a control plane.
 */
import { createDataPlane, createDataPlaneRouter, type DataFlow, type DataFlowStore, type DataPlane, type DataPlaneSignaling } from '@tdss/dataplane-sdk';
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
  logger: Logger;
}

export function createS3DataPlane(options: S3DataPlaneOptions): DataPlane {
  const begin = async (flow: DataFlow) => {
    await planCopy(flow, options.plan);
    // Recorded before the flow is STARTED: a crash from here on leaves a copy to continue.
    await options.progress.begin(flow.id);
    return { afterSave: () => options.copies().start(flow) };
  };
  const plane = createDataPlane({
    id: options.settings.id,
    transferTypes: [{ profile: options.settings.pushProfile, flow: 'PUSH' }],
    store: options.store,
    logger: options.logger,
    onStart: begin,
    onResume: begin,
    onSuspend: async (flow) => options.copies().suspend(flow.id),
    onTerminate: (flow) => options.copies().terminate(flow),
    onCompleted: (flow) => options.copies().terminate(flow),
  });
  let resumed = false;
  const resumeOnce = () => {
    if (resumed) return;
    resumed = true;
    void options.copies().resumeInterrupted().catch((error: unknown) => options.logger.warn({ err: error }, 'dataplane-s3: interrupted copies could not be continued'));
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
