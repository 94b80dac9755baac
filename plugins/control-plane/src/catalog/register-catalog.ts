/**
 * Registers the catalog: the Catalogs service, the DSP catalog endpoints of every participant
 * (protocol context) and the consumer-side requests of the management API.
 * Identity and policy engine are the DSP services every area shares (protocol/dsp-services.ts).
 */
import { createDspJsonLd } from '@tdss/json-ld';
import { Database, HttpRoutes, HttpServer, type RegisterContext } from '@tdss/sdk';
import { createDspClient } from '../protocol/dsp-client.ts';
import { dspBaseUrl } from '../protocol/dsp-paths.ts';
import type { DspServices } from '../protocol/dsp-services.ts';
import { Assets, Catalogs, ContractDefinitions, type ParticipantContexts, PolicyDefinitions } from '../tokens.ts';
import { catalogOpenApi } from './catalog-openapi.ts';
import { createCatalogManagementRoutes } from './catalog-management-routes.ts';
import { createCatalogOffers } from './catalog-offers.ts';
import { createCatalogProtocolRoutes } from './catalog-protocol-routes.ts';
import type { CatalogSettings } from './catalog-settings.ts';
import { createCatalogs } from './create-catalogs.ts';
import { createCompiledPolicies } from './compiled-policies.ts';
import { createCounterpartyCatalogs } from './request-counterparty-catalog.ts';

export function registerCatalog(
  ctx: RegisterContext<unknown>,
  settings: CatalogSettings,
  options: { contexts: () => ParticipantContexts; services: DspServices },
): void {
  const { contexts } = options;
  const http = ctx.lazy(HttpServer);
  const dspBase = (participantContextId: string) => dspBaseUrl(http().url('protocol'), participantContextId);
  const jsonLd = createDspJsonLd();
  const contractDefinitions = ctx.lazy(ContractDefinitions);

  const { identity, engine } = options.services;

  const offers = createCatalogOffers({ contractDefinitions, policyDefinitions: ctx.lazy(PolicyDefinitions), engine, policies: createCompiledPolicies(), logger: ctx.logger });
  const catalogs = createCatalogs({ db: ctx.lazy(Database), assets: ctx.lazy(Assets), contractDefinitions, offers, jsonLd, dspBase, formats: settings.transferFormats });
  ctx.provide(Catalogs, catalogs);

  const client = createDspClient({ identity, jsonLd, timeoutMs: settings.requestTimeoutMs });
  const counterparties = createCounterpartyCatalogs(() => client, settings.requestTimeoutMs);
  ctx.contribute(HttpRoutes, {
    context: 'protocol',
    router: createCatalogProtocolRoutes({ contexts, identity, catalogs: () => catalogs, jsonLd, dspBase, pageSize: settings.pageSize }),
  });
  ctx.contribute(HttpRoutes, { context: 'management', router: createCatalogManagementRoutes(contexts, () => counterparties), openapi: catalogOpenApi });
}

