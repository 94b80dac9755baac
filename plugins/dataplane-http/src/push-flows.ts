/**
 * Provider push: the source streamed in one POST to the consumer's destination (the start
 * message's data address: `endpoint`, and `authorization` sent as a bearer token when `authType`
 * is bearer, as the header value otherwise). A 2xx answer completes the flow (the control plane is
 * told); a failure is reported as errored. Suspend and terminate abort the upload in flight;
 * resume sends the data again from the start.
 */
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type DataFlow, type DataPlane, httpPushDestination } from '@tdss/dataplane-sdk';
import type { Logger } from '@tdss/sdk';
import { openSource, readSourceAddress, type SourceOptions } from './source.ts';

export interface PushFlows {
  /** Starts the upload in the background (call it once the flow is stored as STARTED). */
  start(flow: DataFlow): void;
  /** Aborts the flow's upload, if one runs. */
  stop(flowId: string): void;
  /** Every upload in flight, for a clean stop. */
  stopAll(): void;
}

export function createPushFlows(options: { plane: () => DataPlane; source: SourceOptions; logger: Logger }): PushFlows {
  const running = new Map<string, AbortController>();

  const upload = async (flow: DataFlow, signal: AbortSignal) => {
    const { endpoint, authorization } = httpPushDestination(flow);
    const source = readSourceAddress(flow.metadata.sourceDataAddress, options.source.allowFiles);
    const opened = await openSource(source, String(flow.metadata.participantContextId ?? ''), undefined, options.source);
    const headers: Record<string, string> = { 'content-type': opened.headers['content-type'] ?? 'application/octet-stream' };
    if (opened.headers['content-length']) headers['content-length'] = opened.headers['content-length'];
    if (authorization) headers.authorization = authorization;
    const send = endpoint.startsWith('https:') ? httpsRequest : httpRequest;
    let request: ClientRequest;
    try {
      request = send(endpoint, { method: 'POST', headers, signal });
    } catch (error) {
      opened.cancel();
      throw error;
    }
    const answered = new Promise<IncomingMessage>((resolve, reject) => {
      request.once('response', resolve);
      request.once('error', reject);
    });
    // A connection failure rejects both; pipeTo's rejection is the one reported.
    answered.catch(() => undefined);
    await opened.pipeTo(request);
    const response = await answered;
    response.resume();
    if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) throw new Error(`the destination answered ${response.statusCode}`);
  };

  return {
    start(flow) {
      running.get(flow.id)?.abort();
      const controller = new AbortController();
      running.set(flow.id, controller);
      void upload(flow, controller.signal).then(
        () => options.plane().completed(flow.id),
        (error: unknown) => {
          if (controller.signal.aborted) return undefined;
          options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-http: push failed');
          return options.plane().errored(flow.id, `push to the destination failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      ).catch((error: unknown) => options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-http: the end of a push could not be recorded'))
        .finally(() => {
          if (running.get(flow.id) === controller) running.delete(flow.id);
        });
    },
    stop(flowId) {
      running.get(flowId)?.abort();
      running.delete(flowId);
    },
    stopAll() {
      for (const controller of running.values()) controller.abort();
      running.clear();
    },
  };
}
