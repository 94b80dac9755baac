/**
 * Provider push: the nodes' data changes POSTed to the consumer's destination (the start message's
 * data address: `endpoint`; `authorization` sent as a bearer token when `authType` is bearer, as
 * the header value otherwise) in batches of JSON, `{ dataFlowId, generation, batch, changes }`,
 * one POST at a time so that they arrive in order. A failed POST is sent again with back-off
 * (a 4xx other than 408/429 is final); when the attempts run out the flow reports an error (the
 * control plane terminates the transfer). Suspend and terminate stop the deliveries, and what was
 * not yet sent is dropped; resume starts them again (with the current values first).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DataFlow, type DataPlane, httpPushDestination } from '@tdss/dataplane-sdk';
import type { Logger } from '@tdss/sdk';
import type { FlowLeases } from './flow-leases.ts';
import type { NodeValue } from './node-value.ts';
import type { DataPlaneOpcUaSettings } from './settings.ts';
import { intervalsOf } from './source-address.ts';

export interface PushFlows {
  /** Starts the deliveries in the background (call it once the flow is stored as STARTED). */
  start(flow: DataFlow): void;
  stop(flowId: string): void;
  stopAll(): void;
}

class FinalFailure extends Error {}

export function createPushFlows(options: { plane: () => DataPlane; leases: FlowLeases; settings: DataPlaneOpcUaSettings; logger: Logger }): PushFlows {
  const { settings } = options;
  const running = new Map<string, AbortController>();

  const post = async (flow: DataFlow, body: string, signal: AbortSignal) => {
    const { endpoint, authorization } = httpPushDestination(flow);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization) headers.authorization = authorization;
    for (let attempt = 1; ; attempt += 1) {
      let failure: string;
      try {
        const res = await fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.any([signal, AbortSignal.timeout(settings.pushTimeoutMs)]) });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        failure = `the destination answered ${res.status}`;
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new FinalFailure(failure);
      } catch (error) {
        if (signal.aborted || error instanceof FinalFailure) throw error;
        failure = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= settings.pushMaxAttempts) throw new FinalFailure(`${failure} (${attempt} attempts)`);
      await sleep(settings.pushRetryDelayMs * 2 ** (attempt - 1), undefined, { signal });
    }
  };

  const deliver = async (flow: DataFlow, signal: AbortSignal) => {
    const run = randomUUID();
    const lease = await options.leases.lease(flow);
    const queue: (NodeValue & { sequence: number })[] = [];
    let sequence = 0;
    let wake: (() => void) | undefined;
    const monitor = await lease.monitor(intervalsOf(flow, settings), (value) => {
      sequence += 1;
      queue.push({ sequence, ...value });
      wake?.();
    });
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    try {
      for (let batch = 1; !signal.aborted; batch += 1) {
        if (queue.length === 0) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), stopped]);
        // Collect what comes within the delay into one POST.
        if (queue.length < settings.pushBatchSize && settings.pushBatchDelayMs > 0) await Promise.race([sleep(settings.pushBatchDelayMs), stopped]);
        if (signal.aborted) break;
        const changes = queue.splice(0, settings.pushBatchSize);
        await post(flow, JSON.stringify({ dataFlowId: flow.id, generation: flow.tokenGeneration, run, batch, changes }), signal);
      }
    } finally {
      await monitor.stop();
    }
  };

  const stop = (flowId: string) => {
    running.get(flowId)?.abort();
    running.delete(flowId);
  };

  return {
    start(flow) {
      stop(flow.id);
      const controller = new AbortController();
      running.set(flow.id, controller);
      void deliver(flow, controller.signal)
        .catch((error: unknown) => {
          if (controller.signal.aborted) return undefined;
          options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-opcua: push failed');
          return options.plane().errored(flow.id, `push to the destination failed: ${error instanceof Error ? error.message : String(error)}`);
        })
        .catch((error: unknown) => options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-opcua: the failure of a push could not be reported'))
        .finally(() => {
          if (running.get(flow.id) === controller) running.delete(flow.id);
        });
    },
    stop,
    stopAll() {
      for (const controller of running.values()) controller.abort();
      running.clear();
    },
  };
}
