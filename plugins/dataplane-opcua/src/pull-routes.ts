/**
 * The consumer's side of a pull, on the `public` context, with `Authorization: Bearer <token>`
 * checked on every request (401: missing, forged, expired, or from before the flow's last suspend
 * or resume; 403: another flow's token, or a flow that is not STARTED):
 *
 * - `GET /dataplane-opcua/flows/:flowId/values`: the current values of the asset's nodes, read
 *   from the server: `{ values: [{ nodeId, value, dataType, sourceTimestamp, statusCode, … }] }`.
 * - `GET /dataplane-opcua/flows/:flowId/stream`: the nodes' data changes for as long as the flow
 *   is STARTED, as Server-Sent Events (`event: change`, `id` the sequence number) or as NDJSON when
 *   the client accepts `application/x-ndjson`. A suspend, terminate or completion sends an `end`
 *   event with the reason and closes the stream.
 */
import type { ServerResponse } from 'node:http';
import Router from '@koa/router';
import { bearerToken, type DataFlow, type DataPlane, type FlowTokens } from '@tdss/dataplane-sdk';
import { type Logger, problems } from '@tdss/sdk';
import type { FlowLeases } from './flow-leases.ts';
import type { FlowStreams } from './flow-streams.ts';
import { type DataPlaneOpcUaSettings, PULL_PATH } from './settings.ts';
import { intervalsOf } from './source-address.ts';

export interface PullRoutesOptions {
  plane: () => DataPlane;
  tokens: () => FlowTokens;
  leases: FlowLeases;
  streams: FlowStreams;
  settings: DataPlaneOpcUaSettings;
  logger: Logger;
}

export const NDJSON = 'application/x-ndjson';

/** Why a flow cannot be served to a token of `generation`, or undefined when it can. */
export function refusal(flow: DataFlow | undefined, generation: number): { status: 401 | 403; detail: string } | undefined {
  if (!flow || flow.role !== 'PROVIDER') return { status: 403, detail: 'the token does not grant access to this data' };
  if (flow.state !== 'STARTED') return { status: 403, detail: `the data flow is ${flow.state}` };
  if (flow.tokenGeneration !== generation) return { status: 401, detail: 'the token was replaced (the flow was suspended or resumed since); use the latest data address' };
  return undefined;
}

export function createPullRoutes(options: PullRoutesOptions): Router {
  const router = new Router({ prefix: PULL_PATH });

  const authorize = async (header: string, flowId: string) => {
    const token = await options.tokens().verifyAccess(bearerToken(header));
    if (token.flowId !== flowId) throw problems.forbidden('the token belongs to another transfer');
    const flow = await options.plane().flow(flowId);
    const refused = refusal(flow, token.generation);
    if (refused) throw refused.status === 401 ? problems.unauthorized(refused.detail) : problems.forbidden(refused.detail);
    return { flow: flow!, generation: token.generation };
  };

  router.get('/flows/:flowId/values', async (ctx) => {
    const { flow } = await authorize(ctx.get('authorization'), ctx.params.flowId!);
    const lease = await options.leases.lease(flow);
    ctx.set('cache-control', 'no-store');
    ctx.body = { values: await lease.read() };
  });

  router.get('/flows/:flowId/stream', async (ctx) => {
    const { flow, generation } = await authorize(ctx.get('authorization'), ctx.params.flowId!);
    const lease = await options.leases.lease(flow);
    const ndjson = ctx.accepts('text/event-stream', NDJSON) === NDJSON;
    ctx.respond = false;
    const res: ServerResponse = ctx.res;
    res.writeHead(200, { 'content-type': ndjson ? NDJSON : 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    if (!ndjson) res.write(': data changes of the flow\n\n');

    let sequence = 0;
    let ended = false;
    const send = (event: 'change' | 'end', data: object) => {
      if (ended) return;
      if (ndjson) res.write(`${JSON.stringify(event === 'end' ? { end: data } : data)}\n`);
      else res.write(`${event === 'change' ? `id: ${sequence}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    let stopMonitor: (() => Promise<void>) | undefined;
    const end = (reason: string) => {
      if (ended) return;
      send('end', { reason });
      ended = true;
      res.end();
      cleanup();
    };
    const check = setInterval(() => {
      options.plane().flow(flow.id).then(
        (current) => {
          const refused = refusal(current, generation);
          if (refused) end(refused.detail);
        },
        (error: unknown) => options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-opcua: a stream could not check its flow'),
      );
    }, options.settings.flowCheckIntervalMs);
    const unregister = options.streams.add(flow.id, end);
    const cleanup = () => {
      ended = true;
      clearInterval(check);
      unregister();
      void stopMonitor?.();
    };
    res.on('close', cleanup);
    try {
      const monitor = await lease.monitor(intervalsOf(flow, options.settings), (value) => {
        sequence += 1;
        send('change', { sequence, ...value });
        // A consumer that does not read would make this process hold its backlog: cut it off.
        if (res.writableLength > options.settings.streamMaxBufferedBytes) end('the consumer reads too slowly; reconnect');
      });
      stopMonitor = monitor.stop;
      if (ended) await monitor.stop();
    } catch (error) {
      options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-opcua: monitoring failed');
      end(`monitoring failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  return router;
}
