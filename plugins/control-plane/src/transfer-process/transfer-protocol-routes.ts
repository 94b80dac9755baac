/**
 * The transfer process HTTPS binding of DSP 2025-1 under each participant's DSP base. The provider
 * paths (`GET /transfers/:providerPid`, `POST /transfers/request`, `POST /transfers/:providerPid/
 * start|completion|suspension|termination`) and the consumer callback paths (the same under the
 * callbackAddress, which is the participant's DSP base) coincide, so one route serves both: the
 * pid in the path is ours, and the process it names says which role we play.
 *
 * Every route runs behind verifyDspRequest; client errors are TransferError bodies.
 */
import Router from '@koa/router';
import type { DspJsonLd, TransferState } from '@tdss/json-ld';
import { type DspIdentityService, readJsonBody } from '@tdss/sdk';
import { DSP_ROUTE_PREFIX } from '../protocol/dsp-paths.ts';
import { processErrorBody, setProcessPids } from '../protocol/process-error-body.ts';
import { dspState, verifyDspRequest } from '../protocol/verify-dsp-request.ts';
import type { ParticipantContexts } from '../tokens.ts';
import type { TransferProtocol } from './create-transfer-protocol.ts';
import { pidsOf } from './transfer-messages.ts';
import type { TransferProcessRow } from './transfer-process.ts';
import { dspStateOf, type TransferProcessState } from './transfer-states.ts';
import type { IncomingMessage } from './transfer-transitions.ts';

export interface TransferProtocolRoutesOptions {
  contexts: () => ParticipantContexts;
  identity: () => DspIdentityService;
  protocol: () => TransferProtocol;
  jsonLd: DspJsonLd;
}

const ENDPOINTS: ReadonlyArray<readonly [string, IncomingMessage]> = [
  ['start', 'TransferStartMessage'],
  ['completion', 'TransferCompletionMessage'],
  ['suspension', 'TransferSuspensionMessage'],
  ['termination', 'TransferTerminationMessage'],
];

export function createTransferProtocolRoutes(options: TransferProtocolRoutesOptions): Router {
  const { jsonLd, protocol } = options;
  const router = new Router({ prefix: DSP_ROUTE_PREFIX });
  router.use(processErrorBody(jsonLd, 'TransferError'));
  router.use(verifyDspRequest(options.contexts, options.identity));
  const transferProcess = (row: TransferProcessRow, state: TransferState = dspStateOf(row.state as TransferProcessState)) =>
    jsonLd.write({ '@type': 'TransferProcess', ...pidsOf(row), state });

  router.get('/transfers/:pid', async (ctx) => {
    const { participant, counterparty } = dspState(ctx.state);
    ctx.body = transferProcess(await protocol().get(participant, counterparty, ctx.params.pid!));
  });

  router.post('/transfers/request', async (ctx) => {
    const { participant, counterparty } = dspState(ctx.state);
    const message = await jsonLd.read(readJsonBody(ctx), 'TransferRequestMessage');
    const { row, created } = await protocol().request(participant, counterparty, message);
    ctx.status = 201;
    // The request made the process REQUESTED; a repeated one is answered with the state it has now.
    ctx.body = transferProcess(row, created ? 'REQUESTED' : undefined);
  });

  for (const [endpoint, type] of ENDPOINTS) {
    router.post(`/transfers/:pid/${endpoint}`, async (ctx) => {
      const { participant, counterparty } = dspState(ctx.state);
      const message = await jsonLd.read(readJsonBody(ctx), type);
      const row = await protocol().receive(participant, counterparty, ctx.params.pid!, message, (pids) => setProcessPids(ctx.state, pids));
      ctx.body = transferProcess(row);
    });
  }

  return router;
}
