/**
 * The copies of push flows, one background run per flow: objects not recorded as done are copied
 * in listing order, each part saved as it is acknowledged. A finished copy completes the flow
 * (the control plane is told); a failure is reported as errored (the control plane terminates the
 * transfer with the reason).
 *
 * - suspend: the run stops after the part in flight; resume starts a run that continues there;
 * - terminate (and the control plane's completion): the request in flight is aborted, then every
 *   unfinished multipart upload is aborted at the destination and the progress forgotten;
 * - stop (shutdown, or the flow's lease lost): requests in flight are aborted, progress stays; the
 *   replica that holds the flow's lease next continues it (see the SDK's createFlowOwnership).
 */
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { type DataFlow, type DataPlane, isFinalState } from '@tdss/dataplane-sdk';
import type { Logger } from '@tdss/sdk';
import { copyObject } from './copy-object.ts';
import { type CopyPlan, describeS3Error, destinationOf, planCopy, type PlanOptions } from './copy-plan.ts';
import type { CopyProgress, ObjectProgress } from './copy-progress.ts';

export interface CopyFlows {
  /** Starts (or continues) the flow's copy in the background, after its previous run ended. */
  start(flow: DataFlow): void;
  /** The run stops after the part in flight. */
  suspend(flowId: string): void;
  /** Stops the run and aborts the flow's unfinished uploads; resolves once they are aborted. */
  terminate(flow: DataFlow): Promise<void>;
  /** Forgets the progress of copies whose flow ended while no process ran them (their uploads aborted). */
  cleanUpEnded(): Promise<void>;
  /** Aborts the requests in flight and keeps the progress; resolves once the run ended. */
  stop(flowId: string): Promise<void>;
}

export interface CopyFlowsOptions extends PlanOptions {
  plane: () => DataPlane;
  progress: CopyProgress;
  partSizeBytes: number;
  multipartThresholdBytes: number;
  /** The copy completed the flow and its progress is gone. */
  ended(flowId: string): Promise<void>;
  logger: Logger;
}

interface Run {
  controller: AbortController;
  stopping: boolean;
  finished: Promise<void>;
}

export function createCopyFlows(options: CopyFlowsOptions): CopyFlows {
  const runs = new Map<string, Run>();
  const { progress, logger } = options;

  const copyAll = async (flow: DataFlow, run: Run): Promise<'done' | 'stopped'> => {
    const plan: CopyPlan = await planCopy(flow, options, run.controller.signal);
    const recorded = await progress.objects(flow.id);
    for (const object of plan.objects) {
      const known = recorded.get(object.sourceKey);
      if (known?.done) continue;
      if (run.stopping) return 'stopped';
      const end = await copyObject({
        source: { client: plan.source.client, bucket: plan.source.bucketName, key: object.sourceKey, size: object.size, eTag: object.eTag },
        destination: { client: plan.destination.client, bucket: plan.destination.bucketName, key: object.destinationKey },
        progress: known ?? { sourceKey: object.sourceKey, done: false, parts: [] },
        save: (saved: ObjectProgress) => progress.save(flow.id, saved),
        partSizeBytes: options.partSizeBytes,
        multipartThresholdBytes: options.multipartThresholdBytes,
        signal: run.controller.signal,
        stopping: () => run.stopping,
        partAttempts: options.maxAttempts,
      });
      if (end === 'stopped') return 'stopped';
    }
    return 'done';
  };

  const execute = async (flow: DataFlow, run: Run) => {
    try {
      // Suspended while the last part was in flight: the resume completes the flow.
      if ((await copyAll(flow, run)) === 'stopped' || run.stopping) return;
    } catch (error) {
      if (run.controller.signal.aborted) return;
      logger.warn({ dataFlow: flow.id, error: describeS3Error(error) }, 'dataplane-s3: copy failed');
      await options.plane().errored(flow.id, `S3 copy failed: ${describeS3Error(error)}`);
      return;
    }
    await options.plane().completed(flow.id);
    await progress.end(flow.id);
    await options.ended(flow.id);
  };

  const abortUploads = async (flow: DataFlow) => {
    const objects = [...(await progress.objects(flow.id)).values()].filter((object) => !object.done && object.uploadId);
    if (objects.length > 0) {
      try {
        const destination = await destinationOf(flow, options);
        for (const object of objects) {
          await destination.client.send(new AbortMultipartUploadCommand({ Bucket: destination.bucketName, Key: object.destinationKey!, UploadId: object.uploadId! }));
        }
      } catch (error) {
        // The flow ends anyway; the bucket's lifecycle rule for incomplete uploads removes what is left.
        logger.warn({ dataFlow: flow.id, error: describeS3Error(error) }, 'dataplane-s3: an unfinished multipart upload could not be aborted');
      }
    }
    await progress.end(flow.id);
  };

  const copies: CopyFlows = {
    start(flow) {
      const previous = runs.get(flow.id);
      if (previous) previous.stopping = true;
      const run: Run = { controller: new AbortController(), stopping: false, finished: Promise.resolve() };
      run.finished = (previous?.finished ?? Promise.resolve())
        .then(() => execute(flow, run))
        .catch((error: unknown) => logger.warn({ dataFlow: flow.id, error: describeS3Error(error) }, 'dataplane-s3: the end of a copy could not be recorded'))
        .finally(() => {
          if (runs.get(flow.id) === run) runs.delete(flow.id);
        });
      runs.set(flow.id, run);
    },
    suspend(flowId) {
      const run = runs.get(flowId);
      if (run) run.stopping = true;
    },
    async terminate(flow) {
      const run = runs.get(flow.id);
      if (run) {
        run.stopping = true;
        run.controller.abort();
        await run.finished;
      }
      await abortUploads(flow);
    },
    async cleanUpEnded() {
      for (const id of await progress.unfinished()) {
        if (runs.has(id)) continue;
        const flow = await options.plane().flow(id);
        if (!flow) await progress.end(id);
        else if (isFinalState(flow.state)) await abortUploads(flow);
      }
    },
    async stop(flowId) {
      const run = runs.get(flowId);
      if (!run) return;
      run.stopping = true;
      run.controller.abort();
      await run.finished;
    },
  };
  return copies;
}
