/**
 * The data plane's calls to its control plane (DPS "Control Plane Endpoint"): prepared, started,
 * completed, errored, sent to `<endpoint>/transfers/<processId>/dataflow/<event>`. A failed call
 * is retried with exponential back-off (4xx other than 408/429 are final: the control plane
 * refused it); the retries live in this process only.
 */
import type { Logger } from '@tdss/sdk';
import type { DataFlowStatusMessage } from './messages.ts';

export type ControlPlaneEvent = 'prepared' | 'started' | 'completed' | 'errored';

export interface CallbackRetry {
  /** Attempts in all; 8 unless given. */
  attempts?: number;
  /** First delay, doubled per attempt up to `maxDelayMs`; 200 ms unless given. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt; 10 s unless given. */
  timeoutMs?: number;
}

export interface ControlPlaneCallbacks {
  /** Resolves once the control plane took the message; rejects once the attempts are used up. */
  send(endpoint: string, event: ControlPlaneEvent, processId: string, message: DataFlowStatusMessage): Promise<void>;
}

export class CallbackRefusedError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'CallbackRefusedError';
    this.status = status;
  }
}

export function createControlPlaneCallbacks(options: { retry?: CallbackRetry; logger?: Logger } = {}): ControlPlaneCallbacks {
  const attempts = options.retry?.attempts ?? 8;
  const baseDelayMs = options.retry?.baseDelayMs ?? 200;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const timeoutMs = options.retry?.timeoutMs ?? 10_000;

  const once = async (url: string, message: DataFlowStatusMessage) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.ok) return;
    const final = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    const error = new Error(`control plane answered ${response.status}: ${text.slice(0, 300)}`);
    throw final ? new CallbackRefusedError(error.message, response.status) : error;
  };

  return {
    async send(endpoint, event, processId, message) {
      const url = `${endpoint.replace(/\/+$/, '')}/transfers/${encodeURIComponent(processId)}/dataflow/${event}`;
      for (let attempt = 1; ; attempt++) {
        try {
          await once(url, message);
          return;
        } catch (error) {
          if (error instanceof CallbackRefusedError || attempt >= attempts) {
            options.logger?.warn({ err: error, event, dataFlow: processId, attempt }, 'data plane: control plane callback failed');
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))));
        }
      }
    },
  };
}
