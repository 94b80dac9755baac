/**
 * @tdss/tck-harness — FOR CONFORMANCE RUNS ONLY. Turns a TDSS control plane into the connector
 * the Eclipse DSP conformance kit expects: a seeded participant context, negotiations and
 * transfers scripted per kit id, a data flow for the kit's format, and the kit's initiate hooks.
 * It accepts a fixed token and acts on unauthenticated hook calls: never load it anywhere else.
 */
import {
  ContractAgreements,
  ContractNegotiations,
  LocalDataPlanes,
  NegotiationDecisions,
  TransferProcesses,
  TransferStartGuards,
} from '@tdss/control-plane';
import { definePlugin, HttpRoutes, HttpServer, type RuntimeInfo } from '@tdss/sdk';
import { createHookRoutes } from './hook-routes.ts';
import { createTckDataPlane } from './create-tck-data-plane.ts';
import { createTckDeciders, type Later } from './negotiation-scripts.ts';
import { runNegotiationStep } from './run-negotiation-step.ts';
import { runTransferScript } from './run-transfer-script.ts';
import { seedTckData } from './seed-tck-data.ts';
import { TckHarnessSettings } from './settings.ts';
import { CONSUMER_TRANSFER_SCRIPTS, PROVIDER_TRANSFER_SCRIPTS, transferScriptOf } from './transfer-scripts.ts';

export { HOOK_PATHS } from './hook-routes.ts';
export { TCK_TRANSFER_TYPE } from './create-tck-data-plane.ts';
export { CATALOG_DATASETS, CONSUMER_NEGOTIATION_DATASETS, CONSUMER_TRANSFER_AGREEMENTS, PROVIDER_NEGOTIATION_DATASETS, PROVIDER_TRANSFER_AGREEMENTS, tckOfferId } from './tck-ids.ts';
export type { TckHarnessSettings } from './settings.ts';

const SEED_TIMEOUT_MS = 60_000;

/** Per runtime: whether its kit data is seeded (one process may run several runtimes). */
const seeding = new WeakMap<RuntimeInfo, { seeded: boolean }>();

export default definePlugin({
  name: '@tdss/tck-harness',
  version: '0.1.0',
  description: 'CONFORMANCE RUNS ONLY: scripts the control plane for the Eclipse DSP conformance kit.',
  settings: TckHarnessSettings,
  requires: [HttpServer, ContractNegotiations, TransferProcesses, ContractAgreements],
  contributes: [NegotiationDecisions, LocalDataPlanes, TransferStartGuards, HttpRoutes],
  register(ctx) {
    const { settings, logger } = ctx;
    const pc = settings.participantContextId;
    const transfers = ctx.lazy(TransferProcesses);
    const play = (processId: string, scripts: typeof PROVIDER_TRANSFER_SCRIPTS, agreementId: string) =>
      void runTransferScript(transfers(), pc, processId, transferScriptOf(scripts, agreementId).steps, settings, logger);
    const state = { seeded: false };
    seeding.set(ctx.runtime, state);

    const negotiations = ctx.lazy(ContractNegotiations);
    const later: Later = (s, decision) => {
      void runNegotiationStep(negotiations(), s.negotiation.participantContextId, s.negotiation.id, s.point, decision, settings, logger);
      return { kind: 'wait' };
    };
    for (const decider of createTckDeciders(later)) ctx.contribute(NegotiationDecisions, decider);
    ctx.contribute(LocalDataPlanes, createTckDataPlane());
    ctx.contribute(TransferStartGuards, {
      hold(process) {
        if (process.participantContextId !== pc) return false;
        // Every provider transfer of the kit passes here once and is held: its script starts it.
        play(process.id, PROVIDER_TRANSFER_SCRIPTS, process.agreementId);
        return true;
      },
    });
    ctx.contribute(HttpRoutes, {
      context: 'management',
      router: createHookRoutes({
        participantContextId: pc,
        negotiations,
        transfers,
        onTransferRequested: (processId, agreementId) => play(processId, CONSUMER_TRANSFER_SCRIPTS, agreementId),
        seeded: () => state.seeded,
      }),
    });
  },
  start(ctx) {
    const { settings, logger } = ctx;
    const state = seeding.get(ctx.runtime)!;
    // Not awaited: the management API answers only once every plugin has started.
    void seedTckData(ctx.get(HttpServer).url('management'), ctx.get(ContractAgreements), settings, Date.now() + SEED_TIMEOUT_MS).then(
      () => {
        state.seeded = true;
        logger.info({ participantContextId: settings.participantContextId }, 'tck-harness: conformance kit data seeded');
      },
      (error: unknown) => logger.error({ err: error }, 'tck-harness: seeding the conformance kit data failed'),
    );
  },
});
