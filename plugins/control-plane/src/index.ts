/**
 * @tdss/control-plane: EDC-V's control plane for many participant contexts: their assets,
 * policies and contract definitions, and the Dataspace Protocol (catalog, contract negotiation,
 * transfer process) each of them speaks, with the management API to drive it all.
 */
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, HttpServer, type RuntimeInfo, Type } from '@tdss/sdk';
import { createParticipantContextRoutes } from './participant-context/participant-context-routes.ts';
import { participantContextOpenApi } from './participant-context/participant-context-openapi.ts';
import { participantContextSchema } from './participant-context/participant-context-schema.ts';
import { createParticipantContexts } from './participant-context/create-participant-contexts.ts';
import { createVersionRoutes } from './protocol/version-routes.ts';
import { MANAGEMENT_SERVICES, registerManagementApi } from './management/register-management-api.ts';
import { Catalogs, ContractAgreements, ParticipantContexts } from './tokens.ts';
import { registerCatalog } from './catalog/register-catalog.ts';
import { CatalogSettings } from './catalog/catalog-settings.ts';
import { DSP_SERVICES_OPTIONAL, resolveDspServices } from './protocol/dsp-services.ts';
import { registerTransferProcesses, TRANSFER_PROCESS_SERVICES, type TransferProcessLifecycle } from './transfer-process/register-transfer-processes.ts';
import { TransferProcessSettings } from './transfer-process/transfer-process-settings.ts';
import { DATA_PLANE_SERVICES, DATA_PLANE_SERVICES_OPTIONAL, registerDataPlanes } from './data-plane/register-data-planes.ts';
import { DataPlaneSettings } from './data-plane/data-plane-settings.ts';
import { transferAgreementsFrom } from './transfer-process/transfer-agreements.ts';
import { type ContractNegotiationLifecycle, NEGOTIATION_SERVICES, registerContractNegotiation } from './contract-negotiation/register-contract-negotiation.ts';
import { ContractNegotiationSettings } from './contract-negotiation/contract-negotiation-settings.ts';

export * from './tokens.ts';
export { toParticipantContextJson } from './participant-context/participant-context.ts';
export { createScriptedDecider } from './contract-negotiation/scripted-decider.ts';

const name = '@tdss/control-plane';

const ControlPlaneSettings = Type.Object({
  catalog: CatalogSettings,
  transferProcess: TransferProcessSettings,
  dataPlane: DataPlaneSettings,
  contractNegotiation: ContractNegotiationSettings,
});

/** Per runtime: one process may run several runtimes of this plugin (tests, embedding hosts). */
const machines = new WeakMap<RuntimeInfo, { transfers: TransferProcessLifecycle; negotiations: ContractNegotiationLifecycle }>();

export default definePlugin({
  name,
  version: '0.1.0',
  description: 'EDC-V: participant contexts, assets, policies, contract definitions, DSP catalog, contract negotiation and transfer process.',
  settings: ControlPlaneSettings,
  provides: [ParticipantContexts, ...MANAGEMENT_SERVICES, Catalogs, ...TRANSFER_PROCESS_SERVICES, ...DATA_PLANE_SERVICES, ...NEGOTIATION_SERVICES],
  // HttpServer also orders start-up so that the HTTP plugin drains before this plugin stops.
  requires: [Database, HttpServer],
  optional: [...DSP_SERVICES_OPTIONAL, ...DATA_PLANE_SERVICES_OPTIONAL],
  contributes: [DatabaseSchemas, HttpRoutes],
  register(ctx) {
    const contexts = createParticipantContexts(ctx.lazy(Database));
    ctx.contribute(DatabaseSchemas, participantContextSchema(name));
    ctx.provide(ParticipantContexts, contexts);
    ctx.contribute(HttpRoutes, { context: 'management', router: createParticipantContextRoutes(() => contexts), openapi: participantContextOpenApi });
    registerManagementApi(ctx, () => contexts);
    const services = resolveDspServices(ctx);
    registerCatalog(ctx, ctx.settings.catalog, { contexts: () => contexts, services });
    const http = ctx.lazy(HttpServer);
    ctx.contribute(HttpRoutes, { context: 'protocol', router: createVersionRoutes(() => contexts, () => http().url('protocol')) });
    const agreements = transferAgreementsFrom(ctx.lazy(ContractAgreements));
    machines.set(ctx.runtime, {
      transfers: registerTransferProcesses(ctx, ctx.settings.transferProcess, {
        contexts: () => contexts,
        agreements: () => agreements,
        services,
        dataPlanes: registerDataPlanes(ctx, ctx.settings.dataPlane, () => contexts),
      }),
      negotiations: registerContractNegotiation(ctx, ctx.settings.contractNegotiation, { contexts: () => contexts, services }),
    });
  },
  async start(ctx) {
    const { transfers, negotiations } = machines.get(ctx.runtime)!;
    await transfers.start(ctx);
    negotiations.start(ctx);
  },
  async drain(ctx) {
    const running = machines.get(ctx.runtime);
    await running?.transfers.drain();
    await running?.negotiations.drain();
  },
});
