/**
 * Registers DSP transfer processes: their table, the TransferProcesses service, the DSP endpoints
 * of every participant (protocol context) and the management API; and, at start, the state
 * machine that does the work of their pending states, which stops in the drain phase so that the
 * processors still running can write their outcomes.
 */
import { createDspJsonLd } from '@tdss/json-ld';
import { Database, DatabaseSchemas, HttpRoutes, HttpServer, Metrics, type RegisterContext, type StartContext, TdssError } from '@tdss/sdk';
import { createStateMachine, type StateMachine } from '@tdss/state-machine';
import { createDspClient } from '../protocol/dsp-client.ts';
import { dspBaseUrl } from '../protocol/dsp-paths.ts';
import type { DspServices } from '../protocol/dsp-services.ts';
import { createDataFlowCallbackRoutes, createDataFlowCallbacks, dataFlowCallbackOpenApi } from '../data-plane/data-flow-callback-routes.ts';
import type { DataPlaneSignalingSetup } from '../data-plane/register-data-planes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { createTransferProcesses } from './create-transfer-processes.ts';
import { createTransferProtocol } from './create-transfer-protocol.ts';
import { createTransferManagementRoutes } from './transfer-management-routes.ts';
import type { TransferAgreements } from './transfer-agreements.ts';
import { TransferProcessEntity, type TransferProcessRow } from './transfer-process.ts';
import { transferProcessOpenApi } from './transfer-process-openapi.ts';
import { transferProcessSchema } from './transfer-process-schema.ts';
import type { TransferProcessSettings } from './transfer-process-settings.ts';
import { TransferProcesses, TransferStartGuards, type TransferStartGuard } from './transfer-process-tokens.ts';
import { createTransferProcessors, onTransferRetriesExhausted } from './transfer-processors.ts';
import { createTransferProtocolRoutes } from './transfer-protocol-routes.ts';

/** For the plugin's `provides`. */
export const TRANSFER_PROCESS_SERVICES = [TransferProcesses];

export interface TransferProcessOptions {
  contexts: () => ParticipantContexts;
  agreements: () => TransferAgreements;
  services: DspServices;
  /** Data Plane Signaling: where providers' data flows run. */
  dataPlanes: DataPlaneSignalingSetup;
}

/** What the plugin calls in its own start and drain. */
export interface TransferProcessLifecycle {
  start(ctx: StartContext<unknown>): Promise<void>;
  drain(): Promise<void>;
}

/** Call after the participant context schema is contributed: the table refers to it. */
export function registerTransferProcesses(ctx: RegisterContext<unknown>, settings: TransferProcessSettings, options: TransferProcessOptions): TransferProcessLifecycle {
  const db = ctx.lazy(Database);
  const http = ctx.lazy(HttpServer);
  const jsonLd = createDspJsonLd();
  let machine: StateMachine<TransferProcessRow> | undefined;
  let guards: readonly TransferStartGuard[] = [];
  const running = () => {
    if (!machine) throw new TdssError('transfer processes are used before the control plane started', { code: 'TRANSFER_NOT_STARTED', plugin: ctx.plugin.name });
    return machine;
  };

  ctx.contribute(DatabaseSchemas, transferProcessSchema(ctx.plugin.name));
  const transfers = createTransferProcesses({ db, machine: running, contexts: options.contexts, agreements: options.agreements });
  ctx.provide(TransferProcesses, transfers);
  const protocol = createTransferProtocol({
    db,
    machine: running,
    agreements: options.agreements,
    dataPlanes: options.dataPlanes.registry,
    guards: () => guards,
    engine: options.services.engine,
    logger: ctx.logger,
  });
  ctx.contribute(HttpRoutes, {
    context: 'protocol',
    router: createTransferProtocolRoutes({ contexts: options.contexts, identity: options.services.identity, protocol: () => protocol, jsonLd }),
  });
  const callbacks = createDataFlowCallbacks({ db, transfers: () => transfers, machine: running });
  ctx.contribute(HttpRoutes, { context: 'signaling', router: createDataFlowCallbackRoutes(() => callbacks, options.dataPlanes.authenticate), openapi: dataFlowCallbackOpenApi });
  ctx.contribute(HttpRoutes, { context: 'management', router: createTransferManagementRoutes(() => transfers, options.contexts), openapi: transferProcessOpenApi });

  return {
    async start(startCtx) {
      await options.dataPlanes.start(startCtx, callbacks);
      guards = startCtx.contributions(TransferStartGuards);
      machine = createStateMachine<TransferProcessRow>({
        name: 'transfer-process',
        db: startCtx.get(Database),
        entity: TransferProcessEntity,
        logger: ctx.logger,
        metrics: startCtx.get(Metrics),
        ...settings.stateMachine,
        processors: createTransferProcessors({
          contexts: options.contexts,
          dsp: createDspClient({ identity: options.services.identity, jsonLd, timeoutMs: settings.requestTimeoutMs }),
          flows: options.dataPlanes.signals,
          callbackAddress: (participantContextId) => dspBaseUrl(http().url('protocol'), participantContextId),
        }),
        onRetriesExhausted: onTransferRetriesExhausted,
      });
      machine.start();
      ctx.logger.info('transfer processes ready');
    },
    async drain() {
      await options.dataPlanes.stop();
      await machine?.stop();
    },
  };
}
