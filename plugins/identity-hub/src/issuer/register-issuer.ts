/**
 * The issuer and the holder's credential requests, as parts of the identity hub plugin: what they
 * contribute when it registers, the services and the issuance machine when it starts, and the
 * machine's stop when it drains.
 */
import { DatabaseSchemas, HttpRoutes, Metrics, type RegisterContext, type RuntimeInfo, SecretStore, type StartContext, Database } from '@tdss/sdk';
import type { StateMachine } from '@tdss/state-machine';
import { WorkflowActivities } from '@tdss/workflow';
import { createCredentialRequests } from '../credential-requests/create-credential-requests.ts';
import { CredentialRequests } from '../credential-requests/credential-requests.ts';
import { requestCredentialsActivity } from '../credential-requests/request-credentials-activity.ts';
import { CredentialStore } from '../credentials/credential-store.ts';
import type { DcpServices } from '../dcp/dcp-services.ts';
import { DidDocumentServices, DidService } from '../did/did-service.ts';
import type { BaseUrls } from '../did/resolve-base-urls.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { IdentityHubSettings } from '../settings.ts';
import type { TrustRegistry } from '../trust/dataspace-trust.ts';
import { issuerManagementOpenApi, issuerServiceOpenApi } from './api/issuer-openapi.ts';
import { createIssuerDcpRouter } from './api/issuer-dcp-routes.ts';
import { createIssuerManagementRouter } from './api/issuer-management-routes.ts';
import { createIssuerService } from './create-issuer-service.ts';
import { type CredentialDefinitions, createCredentialDefinitions } from './definitions/create-credential-definitions.ts';
import type { IssuerDeps } from './issuer-deps.ts';
import { IssuerService } from './issuer-service.ts';
import { createIssuanceMachine } from './requests/create-issuance-machine.ts';
import { CredentialDefinitionRecord } from './storage/credential-definition-record.ts';
import { IssuanceRequestRecord } from './storage/issuance-request-record.ts';
import { IssuedCredentialRecord } from './storage/issued-credential-record.ts';
import { issuerMigrations } from './storage/issuer-migrations.ts';
import { StatusListRecord } from './storage/status-list-record.ts';

/** Per runtime: one process may run several runtimes of this plugin (tests, embedding hosts). */
interface RunningIssuer {
  deps: IssuerDeps;
  definitions: CredentialDefinitions;
  machine: StateMachine<IssuanceRequestRecord>;
  trust: TrustRegistry;
}
const running = new WeakMap<RuntimeInfo, RunningIssuer>();

export const ISSUER_SERVICES = [IssuerService, CredentialRequests] as const;
export const ISSUER_EXTENSIONS = [WorkflowActivities, DidDocumentServices] as const;

export function registerIssuer(ctx: RegisterContext<IdentityHubSettings>): void {
  ctx.contribute(DatabaseSchemas, {
    plugin: PLUGIN_NAME,
    entities: [CredentialDefinitionRecord, IssuanceRequestRecord, IssuedCredentialRecord, StatusListRecord],
    migrations: issuerMigrations,
  });
  const issuer = ctx.lazy(IssuerService);
  ctx.contribute(HttpRoutes, { context: 'management', router: createIssuerManagementRouter(issuer), openapi: issuerManagementOpenApi });
  ctx.contribute(HttpRoutes, { context: 'protocol', router: createIssuerDcpRouter(issuer), openapi: issuerServiceOpenApi });
  const runtime = ctx.runtime;
  // Only participants that define credentials issue: the others' documents get no entry.
  ctx.contribute(DidDocumentServices, async ({ participantId, did }) => {
    const state = running.get(runtime);
    if (!state || !(await state.definitions.any(participantId))) return [];
    return [{ id: `${did}#issuer-service`, type: 'IssuerService', serviceEndpoint: state.deps.issuerBaseUrl(participantId) }];
  });
  ctx.contribute(
    WorkflowActivities,
    requestCredentialsActivity({
      dids: ctx.lazy(DidService),
      credentials: ctx.lazy(CredentialStore),
      requests: ctx.lazy(CredentialRequests),
      trust: () => running.get(runtime)!.trust,
    }),
  );
}

export function startIssuer(ctx: StartContext<IdentityHubSettings>, dcp: DcpServices, urls: BaseUrls): void {
  const { settings } = ctx;
  const deps: IssuerDeps = {
    db: ctx.get(Database),
    dcp,
    secrets: ctx.get(SecretStore),
    issuerBaseUrl: (participantId) => `${urls.credentialServiceBaseUrl}/${participantId}/issuer`,
    httpLoopback: settings.dcpHttpLoopback,
    timeoutMs: settings.remoteTimeoutMs,
  };
  const definitions = createCredentialDefinitions(deps);
  const machine = createIssuanceMachine({ deps, definitions, logger: ctx.logger, metrics: ctx.get(Metrics), settings: settings.issuance });
  running.set(ctx.runtime, { deps, definitions, machine, trust: dcp.trust });
  ctx.provide(IssuerService, createIssuerService(deps, definitions, machine));
  ctx.provide(
    CredentialRequests,
    createCredentialRequests({ dcp, httpLoopback: settings.dcpHttpLoopback, timeoutMs: settings.remoteTimeoutMs, maxBytes: settings.presentationMaxBytes }),
  );
  machine.start();
}

export async function drainIssuer(runtime: RuntimeInfo): Promise<void> {
  await running.get(runtime)?.machine.stop();
}
