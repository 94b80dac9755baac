/**
 * The control plane's side of the data plane API: the same calls as `DataPlaneSignaling`, sent
 * over HTTP to a data plane's signaling endpoint. A non-2xx answer is a ProblemError carrying the
 * data plane's status and detail; a network failure or timeout is a plain Error (worth retrying).
 */
import { ProblemError } from '@tdss/sdk';
import type { DataPlaneSignaling, SignalingResponse } from './create-data-plane.ts';
import type { DataFlowStatusMessage, DataFlowStatusResponseMessage } from './messages.ts';

export interface SignalingClientOptions {
  /** Per request; 30 s unless given. */
  timeoutMs?: number;
  /** The data plane's signaling token, sent as `Authorization: Bearer` (read per request, so a rotation applies at once). */
  token?: () => Promise<string | undefined> | string | undefined;
}

export function createSignalingClient(endpoint: string, options: SignalingClientOptions = {}): DataPlaneSignaling {
  const base = endpoint.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<SignalingResponse<T>> => {
    const token = await options.token?.();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const problem = parsed as { detail?: unknown; type?: unknown } | undefined;
      const detail = typeof problem?.detail === 'string' ? `: ${problem.detail}` : '';
      // The data plane's problem type is kept: it tells a final refusal from a "send it again".
      throw new ProblemError(response.status, `data plane at ${base} answered ${response.status}${detail}`, { type: typeof problem?.type === 'string' ? problem.type : 'data-plane-refused' });
    }
    return { status: response.status, body: parsed as T };
  };
  const flow = (id: string, action: string) => `/dataflows/${encodeURIComponent(id)}/${action}`;

  return {
    prepare: (message) => call<DataFlowStatusMessage>('POST', '/dataflows/prepare', message),
    start: (message) => call<DataFlowStatusMessage>('POST', '/dataflows/start', message),
    started: (id, message) => call<DataFlowStatusMessage>('POST', flow(id, 'started'), message),
    suspend: (id, message) => call<DataFlowStatusMessage>('POST', flow(id, 'suspend'), message),
    resume: (id, message) => call<DataFlowStatusMessage>('POST', flow(id, 'resume'), message),
    terminate: (id, message) => call<DataFlowStatusMessage>('POST', flow(id, 'terminate'), message),
    completed: (id, message) => call<DataFlowStatusMessage>('POST', flow(id, 'completed'), message),
    status: async (id) => (await call<DataFlowStatusResponseMessage>('GET', flow(id, 'status'))).body,
    async registerControlPlane(message) {
      await call('PUT', '/controlplanes', message);
    },
    async deleteControlPlane(id) {
      try {
        await call('DELETE', `/controlplanes/${encodeURIComponent(id)}`);
        return true;
      } catch (error) {
        if (error instanceof ProblemError && error.status === 404) return false;
        throw error;
      }
    },
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
