/**
 * Registers contract negotiation and its agreements: tables, services, the DSP endpoints of every
 * participant context, the management API, and the state machine that sends our messages.
 */
import { createDspJsonLd } from '@tdss/json-ld';
import { Database, DatabaseSchemas, HttpRoutes, HttpServer, Metrics, type RegisterContext, type StartContext, TdssError } from '@tdss/sdk';
import { createStateMachine, type StateMachine } from '@tdss/state-machine';
import { createCompiledPolicies } from '../catalog/compiled-policies.ts';
import { contractAgreementOpenApi } from '../contract-agreement/contract-agreement-openapi.ts';
import { createContractAgreementRoutes } from '../contract-agreement/contract-agreement-routes.ts';
import { contractAgreementSchema } from '../contract-agreement/contract-agreement-schema.ts';
import { createContractAgreements } from '../contract-agreement/create-contract-agreements.ts';
import { createDspClient } from '../protocol/dsp-client.ts';
import { dspBaseUrl } from '../protocol/dsp-paths.ts';
import type { DspServices } from '../protocol/dsp-services.ts';
import { Assets, ContractAgreements, ContractDefinitions, ContractNegotiations, NegotiationDecisions, type ParticipantContexts, PolicyDefinitions } from '../tokens.ts';
import { type ContractNegotiationRow, ContractNegotiationEntity } from './contract-negotiation.ts';
import { contractNegotiationOpenApi } from './contract-negotiation-openapi.ts';
import { createContractNegotiationRoutes } from './contract-negotiation-routes.ts';
import { contractNegotiationSchema } from './contract-negotiation-schema.ts';
import type { ContractNegotiationSettings } from './contract-negotiation-settings.ts';
import { createContractNegotiations } from './create-contract-negotiations.ts';
import { createDecisionChain } from './create-decision-chain.ts';
import { createDefaultDecider } from './default-decider.ts';
import type { NegotiationDecider } from './negotiation-decision.ts';
import { createNegotiationProcessors } from './negotiation-processors.ts';
import { createNegotiationProtocolRoutes } from './negotiation-protocol-routes.ts';
import type { NegotiationRuntime } from './negotiation-runtime.ts';
import type { ProviderServices } from './negotiation-services.ts';
import { providerOffer } from './provider-offer.ts';

/** The services this registers; the plugin lists them in `provides`. */
export const NEGOTIATION_SERVICES = [ContractNegotiations, ContractAgreements];

export interface ContractNegotiationLifecycle {
  /** Call in the plugin's `start`: reads the contributed deciders, starts the state machine. */
  start(ctx: StartContext<unknown>): void;
  /** Call in the plugin's `drain`: messages in flight are finished, no new ones are sent. */
  drain(): Promise<void>;
}

/** Call after the participant context schema is contributed: both tables refer to it. */
export function registerContractNegotiation(
  ctx: RegisterContext<unknown>,
  settings: ContractNegotiationSettings,
  options: { contexts: () => ParticipantContexts; services: DspServices },
): ContractNegotiationLifecycle {
  const { contexts, services } = options;
  const plugin = ctx.plugin.name;
  const db = ctx.lazy(Database);
  const http = ctx.lazy(HttpServer);
  let machine: StateMachine<ContractNegotiationRow> | undefined;
  let deciders: NegotiationDecider[] = [];

  const dsp = createDspJsonLd();
  const client = createDspClient({ identity: services.identity, jsonLd: dsp, timeoutMs: settings.requestTimeoutMs });
  const provider: ProviderServices = {
    assets: ctx.lazy(Assets),
    contractDefinitions: ctx.lazy(ContractDefinitions),
    policyDefinitions: ctx.lazy(PolicyDefinitions),
    policyEngine: services.engine,
    compiled: createCompiledPolicies(),
    logger: ctx.logger,
  };
  const rt: NegotiationRuntime = {
    db,
    machine: () => {
      if (machine) return machine;
      throw new TdssError('contract negotiation is used before the control plane started', { code: 'NEGOTIATION_NOT_STARTED', plugin });
    },
    dsp,
    contexts,
    decisions: createDecisionChain(() => deciders, createDefaultDecider(provider, async (id) => (await contexts().get(id)).participantId), ctx.logger),
    provider,
    outcomeContext: (participant) => ({
      participantId: participant.participantId,
      providerOffer: (negotiation) => providerOffer(provider, participant.id, participant.participantId, negotiation.offer),
    }),
    callbackAddress: (participantContextId) => dspBaseUrl(http().url('protocol'), participantContextId),
    logger: ctx.logger,
  };
  const negotiations = createContractNegotiations(rt);
  const agreements = createContractAgreements(db);

  ctx.contribute(DatabaseSchemas, contractNegotiationSchema(plugin));
  ctx.contribute(DatabaseSchemas, contractAgreementSchema(plugin));
  ctx.provide(ContractNegotiations, negotiations);
  ctx.provide(ContractAgreements, agreements);
  ctx.contribute(HttpRoutes, { context: 'protocol', router: createNegotiationProtocolRoutes(rt, contexts, services.identity) });
  ctx.contribute(HttpRoutes, {
    context: 'management',
    router: createContractNegotiationRoutes({ contexts, negotiations: () => negotiations, agreements: () => agreements, dsp }),
    openapi: contractNegotiationOpenApi,
  });
  ctx.contribute(HttpRoutes, { context: 'management', router: createContractAgreementRoutes(contexts, () => agreements), openapi: contractAgreementOpenApi });

  return {
    start(start) {
      deciders = start.contributions(NegotiationDecisions);
      machine = createStateMachine<ContractNegotiationRow>({
        name: 'contract-negotiation',
        db: db(),
        entity: ContractNegotiationEntity,
        logger: ctx.logger,
        metrics: start.get(Metrics),
        ...settings.machine,
        processors: createNegotiationProcessors({
          db,
          client: () => client,
          participant: (id) => contexts().get(id),
          callbackAddress: rt.callbackAddress,
          decisions: rt.decisions,
          outcomeContext: rt.outcomeContext,
          logger: ctx.logger,
        }),
        // The counterparty did not answer for that long: there is no one to tell.
        onRetriesExhausted: (row, error, step) =>
          step.transition('TERMINATED', {
            errorDetail: `${row.state}: gave up after ${step.attempt} attempts: ${(error as Error)?.message ?? String(error)}`,
            protocolState: 'TERMINATED',
          }),
      });
      machine.start();
    },
    async drain() {
      await machine?.stop();
    },
  };
}
