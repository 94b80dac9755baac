/**
 * Sends Dataspace Protocol messages to counterparties: the identity service authorizes each
 * request, answers are read into canonical compact 2025-1, and failures say whether trying again
 * can help (the state machines retry those with back-off and give up on the others).
 */
import type { DspJsonLd } from '@tdss/json-ld';
import type { DspIdentityService } from '@tdss/sdk';

export interface DspCall {
  /** Our participant context that sends, and our participant id (the token's issuer). */
  participantContextId: string;
  participantId: string;
  /** The counterparty's participant id (the token's audience). */
  counterpartyId: string;
  /** Absolute URL of the endpoint. */
  url: string;
  /** The message without its @context; sent as compact 2025-1. Absent for GET. */
  message?: Parameters<DspJsonLd['write']>[0];
}

export interface DspResponse {
  status: number;
  /** The canonical answer, when the counterparty sent a body. */
  body: Record<string, unknown> | undefined;
  headers: Headers;
}

/** A call that failed. `retryable` is true for network failures, timeouts, 429 and 5xx. */
export class DspCallError extends Error {
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly body: unknown;

  constructor(message: string, options: { status?: number; retryable: boolean; body?: unknown; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DspCallError';
    this.status = options.status;
    this.retryable = options.retryable;
    this.body = options.body;
  }
}

export interface DspClient {
  send(call: DspCall): Promise<DspResponse>;
}

export interface DspClientOptions {
  identity: () => DspIdentityService;
  jsonLd: DspJsonLd;
  timeoutMs: number;
  /** Replaceable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export function createDspClient(options: DspClientOptions): DspClient {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(call) {
      const authorization = await options.identity().authorize({
        participantContextId: call.participantContextId,
        participantId: call.participantId,
        counterpartyId: call.counterpartyId,
        counterpartyAddress: call.url,
      });
      const headers: Record<string, string> = { authorization, accept: 'application/json' };
      let body: string | undefined;
      if (call.message) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.jsonLd.write(call.message));
      }
      let response: Response;
      try {
        response = await doFetch(call.url, {
          method: call.message ? 'POST' : 'GET',
          headers,
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new DspCallError(`${call.url} did not answer: ${(error as Error).message}`, { retryable: true, cause: error });
      }
      const text = await response.text();
      const parsed = parseJson(text);
      if (!response.ok) {
        const retryable = response.status === 429 || response.status >= 500;
        throw new DspCallError(`${call.url} answered ${response.status}`, { status: response.status, retryable, body: parsed ?? text });
      }
      if (parsed === undefined) return { status: response.status, body: undefined, headers: response.headers };
      try {
        return { status: response.status, body: (await options.jsonLd.canonicalize(parsed)) as Record<string, unknown>, headers: response.headers };
      } catch (error) {
        throw new DspCallError(`${call.url} answered a body that is not valid DSP JSON-LD: ${(error as Error).message}`, {
          status: response.status,
          retryable: false,
          body: parsed,
          cause: error,
        });
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
