/**
 * The data plane's calls to its control plane (DPS "Control Plane Endpoint"): prepared, started,
 * completed, errored, sent to `<endpoint>/transfers/<processId>/dataflow/<event>`, or handed to a
 * control plane in the same process. A failed call is retried with exponential back-off (a 4xx
 * other than 408/429 is final: the control plane refused it); the retries live in this process.
 */
import { type Logger, ProblemError } from '@tdss/sdk';
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

/** A control plane in the same process: takes a callback as its endpoint would (a 4xx ProblemError refuses it). */
export type CallbackReceiver = (event: ControlPlaneEvent, processId: string, message: DataFlowStatusMessage) => Promise<void>;

export interface ControlPlaneCallbacks {
  /**
   * Resolves once the control plane took the message; rejects once the attempts are used up.
   * `token`: sent as `Authorization: Bearer` to an endpoint (the one its registration gave).
   */
  send(target: string | CallbackReceiver, event: ControlPlaneEvent, processId: string, message: DataFlowStatusMessage, token?: string): Promise<void>;
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

  const once = async (url: string, message: DataFlowStatusMessage, token: string | undefined) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.ok) return;
    const error = new Error(`control plane answered ${response.status}: ${text.slice(0, 300)}`);
    throw isFinal(response.status) ? new CallbackRefusedError(error.message, response.status) : error;
  };

  return {
    async send(target, event, processId, message, token) {
      const deliver =
        typeof target === 'string'
          ? () => once(`${target.replace(/\/+$/, '')}/transfers/${encodeURIComponent(processId)}/dataflow/${event}`, message, token)
          : async () => {
              try {
                await target(event, processId, message);
              } catch (error) {
                if (error instanceof ProblemError && isFinal(error.status)) throw new CallbackRefusedError(error.message, error.status);
                throw error;
              }
            };
      for (let attempt = 1; ; attempt++) {
        try {
          await deliver();
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

/** A refusal trying again cannot change. */
function isFinal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
