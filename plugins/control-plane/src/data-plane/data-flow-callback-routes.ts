/**
 * The DPS control plane endpoint, on the signaling context: data planes report
 * `/transfers/:transferId/dataflow/{prepared,started,completed,errored}` with a DataFlowStatusMessage.
 *
 * - completed: the transfer completes (the consumer is told, as after our own decision); while
 *   the transfer is still starting, 503 (the data plane sends again);
 * - errored: the transfer is terminated with the data plane's error as the reason (the spec leaves
 *   the recovery to the control plane and forbids passing the event itself on);
 * - started: an asynchronous start finished; the transfer's start step, waiting for it, runs now;
 * - prepared: accepted (this control plane does not prepare consumer flows yet).
 *
 * Only a transfer given to a data plane takes its callbacks; a repeated callback changes nothing.
 */
import Router from '@koa/router';
import { DataFlowStatusMessage, validateMessage } from '@tdss/dataplane-sdk';
import { type Database, type OpenApiFragment, ProblemError, problemResponse, problems, readJsonBody } from '@tdss/sdk';
import type { StateMachine } from '@tdss/state-machine';
import { TransferProcessEntity, type TransferProcessRow } from '../transfer-process/transfer-process.ts';
import type { TransferProcesses } from '../transfer-process/transfer-process-tokens.ts';
import { isFinal, type TransferProcessState } from '../transfer-process/transfer-states.ts';
import type { CallbackAuthentication } from './callback-authentication.ts';

export const CALLBACK_EVENTS = ['prepared', 'started', 'completed', 'errored'] as const;

/** The provider states on the way to STARTED: a completion must wait for them. */
const STARTING_STATES: readonly TransferProcessState[] = ['STARTING', 'RESUMING', 'START_RECEIVED'];

export interface DataFlowCallbacksOptions {
  db: () => Database;
  transfers: () => TransferProcesses;
  machine: () => StateMachine<TransferProcessRow>;
}

export interface DataFlowCallbacks {
  /** Applies a data plane's callback to its transfer; ProblemErrors for what is refused (400, 404, 409). */
  receive(event: string, transferId: string, body: unknown): Promise<void>;
}

/** What the endpoint does, also for data planes of this runtime that call it in-process. */
export function createDataFlowCallbacks(options: DataFlowCallbacksOptions): DataFlowCallbacks {
  return {
    async receive(event, transferId, body) {
      if (!(CALLBACK_EVENTS as readonly string[]).includes(event)) throw problems.notFound(`no data flow callback ${JSON.stringify(event)}; use one of ${CALLBACK_EVENTS.join(', ')}`);
      const message = validateMessage('DataFlowStatusMessage', body);
      if (message.dataFlowId !== transferId) throw problems.badRequest(`dataFlowId: ${JSON.stringify(message.dataFlowId)} is not the data flow of transfer ${transferId}`);
      const row = await options.db().em().findOne(TransferProcessEntity, { id: transferId });
      if (!row?.dataPlaneId) throw problems.notFound(`transfer ${JSON.stringify(transferId)} has no data flow`);
      const state = row.state as TransferProcessState;
      if (event === 'completed') {
        // A fast flow may finish before the transfer has told the consumer it started: the data
        // plane is asked to send again (503 is retried) rather than refused for good.
        if (STARTING_STATES.includes(state)) throw new ProblemError(503, `transfer ${row.id} is still starting; send the completion again`, { type: 'unavailable', extensions: { retryAfterSeconds: 1 } });
        await options.transfers().complete(row.tenantId, row.id);
      } else if (event === 'errored') {
        if (!isFinal(state)) await options.transfers().terminate(row.tenantId, row.id, `data plane ${row.dataPlaneId} reported an error: ${message.error ?? 'no detail'}`);
      } else if (event === 'started' && state === 'STARTING') {
        void options.machine().kick(row.id);
      }
    },
  };
}

export function createDataFlowCallbackRoutes(callbacks: () => DataFlowCallbacks, authenticate: CallbackAuthentication): Router {
  const router = new Router({ prefix: '/transfers/:transferId/dataflow' });
  router.post('/:event', async (ctx) => {
    await authenticate(ctx.get('authorization') || undefined, ctx.params.transferId!);
    await callbacks().receive(ctx.params.event!, ctx.params.transferId!, readJsonBody(ctx));
    ctx.status = 200;
    ctx.body = { transferId: ctx.params.transferId, event: ctx.params.event };
  });
  return router;
}

const statusMessage = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/DataFlowStatusMessage' } } } };

export const dataFlowCallbackOpenApi: OpenApiFragment = {
  tags: [{ name: 'data flow callbacks', description: 'Data Plane Signaling: data planes report their data flows to the control plane.' }],
  components: {
    schemas: { DataFlowStatusMessage: DataFlowStatusMessage as unknown as Record<string, unknown> },
    securitySchemes: { dataPlaneBearer: { type: 'http', scheme: 'bearer', description: 'The callback token the control plane gave the data plane in its control plane registration.' } },
  },
  paths: {
    '/transfers/{transferId}/dataflow/{event}': {
      post: {
        tags: ['data flow callbacks'],
        summary: 'A data plane reports that the data flow of a transfer is prepared, started, completed or errored',
        parameters: [
          { name: 'transferId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'event', in: 'path', required: true, schema: { type: 'string', enum: [...CALLBACK_EVENTS] } },
        ],
        requestBody: statusMessage,
        security: [{ dataPlaneBearer: [] }],
        responses: {
          '200': { description: 'Taken (a repeat changes nothing)' },
          '401': problemResponse('No or a wrong bearer token (the callback token of the data plane\'s registration)'),
          '400': problemResponse('Not a valid DataFlowStatusMessage, or it names another data flow'),
          '404': problemResponse('No such transfer with a data flow of the calling data plane, or no such event'),
          '409': problemResponse('The transfer cannot move that way any more (e.g. completed after it was terminated)'),
          '503': problemResponse('Completed while the transfer is still starting: send it again'),
        },
      },
    },
  },
};
