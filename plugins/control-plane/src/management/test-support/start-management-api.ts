/**
 * Test support (not part of the plugin's API): a runtime with HTTP, the SQL store of one dialect
 * and the control plane, with two participant contexts, `alpha` and `beta`.
 */
import http from '@tdss/http';
import type { Runtime } from '@tdss/kernel';
import { HttpServer } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import controlPlane from '../../index.ts';

export interface ManagementApi {
  runtime: Runtime;
  /** The management context's base URL. */
  base: string;
  /** `<base>/v1/participants/<participantContextId>`. */
  participant(participantContextId: string): string;
}

export const PARTICIPANTS = ['alpha', 'beta'] as const;

export async function startManagementApi(t: Test, store: DialectSettings): Promise<ManagementApi> {
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: http, settings: { port: 0 } }, { plugin: storeSql, settings: store }, { plugin: controlPlane }],
  });
  const base = runtime.get(HttpServer).url('management');
  for (const id of PARTICIPANTS) {
    const created = await fetch(`${base}/v1/participants`, send('POST', { id, participantId: `did:web:${id}.example` }));
    if (created.status !== 201) throw new Error(`creating participant context ${id} answered ${created.status}`);
  }
  return { runtime, base, participant: (id) => `${base}/v1/participants/${encodeURIComponent(id)}` };
}

/** A fetch init with a JSON body. */
export function send(method: string, body: unknown, contentType = 'application/json'): RequestInit {
  return { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

/** The JSON body of a response, asserting the status first so that failures say what came back. */
export async function expectJson<T = any>(t: Test, response: Response | Promise<Response>, status: number, message?: string): Promise<T> {
  const res = await response;
  const text = await res.text();
  t.equal(res.status, status, `${message ?? `answers ${status}`}${res.status === status ? '' : ` (body: ${text.slice(0, 500)})`}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The `path` of every error of a 400 problem, sorted. */
export function errorPaths(problem: { errors?: Array<{ path: string }> }): string[] {
  return (problem.errors ?? []).map((e) => e.path).sort();
}
