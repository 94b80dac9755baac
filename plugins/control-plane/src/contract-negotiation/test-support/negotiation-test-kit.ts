/**
 * Test support (not part of the plugin's API): runtimes with HTTP, the SQL store, development DSP
 * identities, the policy engine and the control plane, whose negotiations run fast (short polls,
 * short back-off), plus helpers to set up a provider's offer, start and follow negotiations
 * through the management API, and talk DSP to a participant as a counterparty.
 */
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Runtime } from '@tdss/kernel';
import type { MessageOffer } from '@tdss/json-ld';
import policyEngine from '@tdss/policy-engine';
import { definePlugin, DspIdentityService, HttpServer } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import { formatContractOfferId } from '../../catalog/contract-offer-id.ts';
import { participantIdOf } from '../../catalog/test-support/catalog-runtime.ts';
import controlPlane from '../../index.ts';
import { expectJson, send } from '../../management/test-support/start-management-api.ts';
import { type NegotiationDecider, NegotiationDecisions } from '../../tokens.ts';

export { expectJson, participantIdOf, send };

/** Every runtime of a test shares it, as the runtimes of one development dataspace do. */
export const DEV_SECRET = 'negotiation-tests-shared-secret-0123456789';

/** Polls, back-off and timeouts short enough for tests; retries still count. */
export const FAST_NEGOTIATIONS = {
  machine: { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, jitter: 0 } },
  requestTimeoutMs: 3_000,
};

export interface NegotiationKitOptions {
  deciders?: NegotiationDecider[];
  /** Claims of counterparties, keyed by participant id (identity-dev's `claims`). */
  claims?: Record<string, Record<string, unknown>>;
  /** Port of every API context; 0 (a free one) when absent. */
  port?: number;
  contractNegotiation?: Record<string, unknown>;
}

/** Where a runtime's APIs are. */
export interface Endpoints {
  management: string;
  /** `<management>/v1/participants/<id>`. */
  participant(participantContextId: string): string;
  /** The participant's DSP 2025-1 base URL. */
  dspBase(participantContextId: string): string;
}

export interface NegotiationKit extends Endpoints {
  runtime: Runtime;
  /** An Authorization header value of participant id `from` for participant id `to`. */
  token(from: string, to: string): Promise<string>;
}

/** The endpoints of a runtime (in another process) serving every context on `origin` at the default paths. */
export function endpointsAt(origin: string): Endpoints {
  const management = `${origin}/management`;
  return {
    management,
    participant: (id) => `${management}/v1/participants/${encodeURIComponent(id)}`,
    dspBase: (id) => `${origin}/protocol/${encodeURIComponent(id)}/2025-1`,
  };
}

/** Contributes the deciders of a test. */
export function deciderPlugin(deciders: readonly NegotiationDecider[]) {
  return definePlugin({
    name: 'test-negotiation-deciders',
    version: '1.0.0',
    contributes: [NegotiationDecisions],
    register(ctx) {
      for (const decider of deciders) ctx.contribute(NegotiationDecisions, decider);
    },
  });
}

export function negotiationPlugins(store: DialectSettings, options: NegotiationKitOptions = {}) {
  return [
    { plugin: http, settings: { port: options.port ?? 0 } },
    { plugin: storeSql, settings: store },
    { plugin: identityDev, settings: { secret: DEV_SECRET, claims: options.claims ?? {} } },
    { plugin: policyEngine },
    { plugin: controlPlane, settings: { contractNegotiation: options.contractNegotiation ?? FAST_NEGOTIATIONS } },
    ...(options.deciders?.length ? [{ plugin: deciderPlugin(options.deciders) }] : []),
  ];
}

export async function startNegotiationRuntime(t: Test, store: DialectSettings, options: NegotiationKitOptions = {}): Promise<NegotiationKit> {
  return negotiationKit(await startTestRuntime(t, { plugins: negotiationPlugins(store, options) }));
}

export function negotiationKit(runtime: Runtime): NegotiationKit {
  const server = runtime.get(HttpServer);
  const management = server.url('management');
  return {
    runtime,
    management,
    participant: (id) => `${management}/v1/participants/${encodeURIComponent(id)}`,
    dspBase: (id) => `${server.url('protocol')}/${encodeURIComponent(id)}/2025-1`,
    token: (from, to) => runtime.get(DspIdentityService).authorize({ participantContextId: 'test', participantId: from, counterpartyId: to, counterpartyAddress: 'http://test' }),
  };
}

export const EVERYONE = { permission: [{ action: 'use' }] };

/**
 * Makes an existing participant context offer `assetId` under contract definition `cd-<assetId>`
 * with the contract policy given (everyone may see it); resolves to the offer a consumer requests:
 * the catalog's offer id, target and terms.
 */
export async function offerAsset(t: Test, kit: Endpoints, provider: string, assetId: string, contractPolicy: Record<string, unknown> = EVERYONE): Promise<MessageOffer> {
  const base = kit.participant(provider);
  const definition = `cd-${assetId}`;
  await expectJson(t, fetch(`${base}/policydefinitions`, send('POST', { '@id': `access-${assetId}`, policy: EVERYONE })), 201, `access policy of ${assetId}`);
  await expectJson(t, fetch(`${base}/policydefinitions`, send('POST', { '@id': `contract-${assetId}`, policy: contractPolicy })), 201, `contract policy of ${assetId}`);
  const asset = { '@id': assetId, properties: { name: assetId }, dataAddress: { type: 'HttpData', baseUrl: `https://${provider}.example/${assetId}` } };
  await expectJson(t, fetch(`${base}/assets`, send('POST', asset)), 201, `asset ${assetId}`);
  const selector = [{ operandLeft: 'id', operator: '=', operandRight: assetId }];
  await expectJson(t, fetch(`${base}/contractdefinitions`, send('POST', { '@id': definition, accessPolicyId: `access-${assetId}`, contractPolicyId: `contract-${assetId}`, assetsSelector: selector })), 201, `contract definition ${definition}`);
  return { '@id': formatContractOfferId({ contractDefinitionId: definition, assetId }), '@type': 'Offer', target: assetId, assigner: participantIdOf(provider), ...contractPolicy } as MessageOffer;
}

export async function createParticipant(t: Test, kit: Endpoints, id: string): Promise<void> {
  await expectJson(t, fetch(`${kit.management}/v1/participants`, send('POST', { id, participantId: participantIdOf(id) })), 201, `participant ${id}`);
}

/** Starts a negotiation of `consumer` for `offer` of `provider` (a participant of `providerKit`) through the management API; resolves to its id. */
export async function requestOffer(t: Test, kit: Endpoints, consumer: string, providerKit: Endpoints, provider: string, offer: MessageOffer): Promise<string> {
  const body = { counterPartyAddress: providerKit.dspBase(provider), counterPartyId: participantIdOf(provider), protocol: 'dataspace-protocol-http:2025-1', policy: offer };
  const created = await expectJson<{ '@id': string }>(t, fetch(`${kit.participant(consumer)}/contractnegotiations`, send('POST', body)), 201, `${consumer} requests ${offer['@id']}`);
  return created['@id'];
}

export interface NegotiationJson {
  '@id': string;
  role: string;
  state: string;
  dspState: string;
  correlationId: string | null;
  counterpartyId: string;
  assetId: string;
  offer: MessageOffer;
  contractAgreementId: string | null;
  errorDetail: string | null;
}

export async function getNegotiation(kit: Endpoints, participantContextId: string, id: string): Promise<NegotiationJson> {
  const response = await fetch(`${kit.participant(participantContextId)}/contractnegotiations/${encodeURIComponent(id)}`);
  if (response.status !== 200) throw new Error(`GET negotiation ${id} of ${participantContextId} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as NegotiationJson;
}

export async function listNegotiations(kit: Endpoints, participantContextId: string, query = ''): Promise<NegotiationJson[]> {
  const response = await fetch(`${kit.participant(participantContextId)}/contractnegotiations${query}`);
  if (response.status !== 200) throw new Error(`listing negotiations of ${participantContextId} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as NegotiationJson[];
}

/** Polls the negotiation until it is in `state` (or in a final state); resolves to it as it is then. */
export async function waitForState(kit: Endpoints, participantContextId: string, id: string, state: string, timeoutMs = 20_000): Promise<NegotiationJson> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const negotiation = await getNegotiation(kit, participantContextId, id);
    if (negotiation.state === state || ['FINALIZED', 'TERMINATED'].includes(negotiation.state) || Date.now() > until) return negotiation;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Posts a DSP message to a participant's endpoint as the counterparty `from`. */
export async function postDsp(kit: NegotiationKit, participantContextId: string, path: string, from: string, message: Record<string, unknown>): Promise<Response> {
  return fetch(`${kit.dspBase(participantContextId)}${path}`, {
    method: 'POST',
    headers: { authorization: await kit.token(from, participantIdOf(participantContextId)), 'content-type': 'application/json' },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], ...message }),
  });
}

export async function getDsp(kit: NegotiationKit, participantContextId: string, path: string, from: string): Promise<Response> {
  return fetch(`${kit.dspBase(participantContextId)}${path}`, { headers: { authorization: await kit.token(from, participantIdOf(participantContextId)) } });
}

/** The negotiation of `participantContextId` whose counterparty process is `correlationId`, once it exists. */
export async function counterpartOf(kit: Endpoints, participantContextId: string, correlationId: string, timeoutMs = 20_000): Promise<NegotiationJson> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listNegotiations(kit, participantContextId)).filter((n) => n.correlationId === correlationId);
    if (found.length > 1) throw new Error(`${participantContextId} holds ${found.length} negotiations with ${correlationId}, expected one`);
    if (found.length === 1) return found[0]!;
    if (Date.now() > until) throw new Error(`${participantContextId} holds no negotiation with ${correlationId}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
