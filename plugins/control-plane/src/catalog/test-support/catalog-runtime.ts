/**
 * Test support (not part of the plugin's API): a runtime with HTTP, the SQL store of one dialect,
 * development DSP identities, the policy engine and the control plane, and helpers that set up a
 * participant's catalog through the management API and call its DSP endpoints as a counterparty.
 */
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { DspIdentityService, HttpServer } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import controlPlane from '../../index.ts';
import { expectJson, send } from '../../management/test-support/start-management-api.ts';

/** Every runtime of a test shares it, as the runtimes of one development dataspace do. */
export const DEV_SECRET = 'catalog-tests-shared-secret-0123456789';

export interface CatalogRuntimeOptions {
  /** Claims of counterparties, keyed by participant id (identity-dev's `claims`). */
  claims?: Record<string, Record<string, unknown>>;
  catalog?: Record<string, unknown>;
  /** Leave out @tdss/policy-engine (the catalog then evaluates with its own default engine). */
  policyEngine?: boolean;
  /** Leave out @tdss/identity-dev: the runtime has no DspIdentityService. */
  identity?: boolean;
}

export interface CatalogRuntime {
  runtime: Runtime;
  management: string;
  /** `<management>/v1/participants/<id>`. */
  participant(participantContextId: string): string;
  /** The participant's DSP 2025-1 base URL. */
  dspBase(participantContextId: string): string;
  /** An Authorization header value of `from` for the participant with participant id `to`. */
  token(from: string, to: string): Promise<string>;
}

export async function startCatalogRuntime(t: Test, store: DialectSettings, options: CatalogRuntimeOptions = {}): Promise<CatalogRuntime> {
  const runtime = await startTestRuntime(t, {
    plugins: [
      { plugin: http, settings: { port: 0 } },
      { plugin: storeSql, settings: store },
      ...(options.identity === false ? [] : [{ plugin: identityDev, settings: { secret: DEV_SECRET, claims: options.claims ?? {} } }]),
      ...(options.policyEngine === false ? [] : [{ plugin: policyEngine }]),
      { plugin: controlPlane, settings: { catalog: options.catalog ?? {} } },
    ],
  });
  const server = runtime.get(HttpServer);
  const management = server.url('management');
  return {
    runtime,
    management,
    participant: (id) => `${management}/v1/participants/${encodeURIComponent(id)}`,
    dspBase: (id) => `${server.url('protocol')}/${encodeURIComponent(id)}/2025-1`,
    // Signed with the shared secret, as any runtime of the test dataspace would sign it.
    token: async (from, to) =>
      options.identity === false
        ? 'Bearer no-identity-service'
        : runtime.get(DspIdentityService).authorize({ participantContextId: 'test', participantId: from, counterpartyId: to, counterpartyAddress: 'http://test' }),
  };
}

export interface CatalogSetup {
  policies?: Record<string, Record<string, unknown>>;
  definitions?: Array<{ id: string; access: string; contract: string; selector?: unknown[] }>;
  assets?: Array<{ id: string; properties?: Record<string, unknown>; privateProperties?: Record<string, unknown> }>;
}

/** Creates the participant context (participant id `did:web:<id>`) and its catalog through the management API. */
export async function setUpParticipant(t: Test, rt: CatalogRuntime, id: string, setup: CatalogSetup): Promise<void> {
  await expectJson(t, fetch(`${rt.management}/v1/participants`, send('POST', { id, participantId: participantIdOf(id) })), 201, `participant ${id}`);
  const base = rt.participant(id);
  for (const [policyId, policy] of Object.entries(setup.policies ?? {})) {
    await expectJson(t, fetch(`${base}/policydefinitions`, send('POST', { '@id': policyId, policy })), 201, `policy ${policyId}`);
  }
  for (const asset of setup.assets ?? []) {
    const body = { '@id': asset.id, properties: asset.properties ?? {}, privateProperties: asset.privateProperties ?? {}, dataAddress: { type: 'HttpData', baseUrl: `https://${id}.example/${asset.id}` } };
    await expectJson(t, fetch(`${base}/assets`, send('POST', body)), 201, `asset ${asset.id}`);
  }
  for (const definition of setup.definitions ?? []) {
    const body = { '@id': definition.id, accessPolicyId: definition.access, contractPolicyId: definition.contract, assetsSelector: definition.selector ?? [] };
    await expectJson(t, fetch(`${base}/contractdefinitions`, send('POST', body)), 201, `contract definition ${definition.id}`);
  }
}

export function participantIdOf(participantContextId: string): string {
  return `did:web:${participantContextId}.example`;
}

/** A policy that permits `use` to the listed participant ids only. */
export function onlyFor(...participantIds: string[]): Record<string, unknown> {
  return { permission: [{ action: 'use', constraint: [{ leftOperand: 'dspace:participantId', operator: 'isAnyOf', rightOperand: participantIds }] }] };
}

export const EVERYONE = { permission: [{ action: 'use' }] };

/** Posts a CatalogRequestMessage to a participant's DSP base as `from`. */
export async function requestCatalog(rt: CatalogRuntime, participantContextId: string, from: string, options: { url?: string; filter?: unknown[] } = {}): Promise<Response> {
  const url = options.url ?? `${rt.dspBase(participantContextId)}/catalog/request`;
  const message = { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage', ...(options.filter ? { filter: options.filter } : {}) };
  return fetch(url, { method: 'POST', headers: { authorization: await rt.token(from, participantIdOf(participantContextId)), 'content-type': 'application/json' }, body: JSON.stringify(message) });
}

export async function requestDataset(rt: CatalogRuntime, participantContextId: string, from: string, datasetId: string): Promise<Response> {
  return fetch(`${rt.dspBase(participantContextId)}/catalog/datasets/${encodeURIComponent(datasetId)}`, { headers: { authorization: await rt.token(from, participantIdOf(participantContextId)) } });
}

/** The URLs of a Link header by relation. */
export function links(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (response.headers.get('link') ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (match) out[match[2]!] = match[1]!;
  }
  return out;
}
