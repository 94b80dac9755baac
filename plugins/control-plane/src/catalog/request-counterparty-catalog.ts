/**
 * The consumer side of the catalog protocol: a participant context asks a counterparty for its
 * catalog or one dataset with the DSP client, and gets the answer in canonical compact 2025-1
 * form, checked against the spec's schema. What goes wrong at the counterparty is a 502 that names
 * its status (and its CatalogError, which it sent to us); no answer in time is a 504.
 */
import { type DspMessageType, validateDsp } from '@tdss/json-ld';
import { ProblemError } from '@tdss/sdk';
import { type DspCall, type DspClient, DspCallError } from '../protocol/dsp-client.ts';
import type { ParticipantContext } from '../tokens.ts';

export interface CounterpartyRequest {
  /** The counterparty's DSP base, e.g. https://provider.example/protocol/acme/2025-1. */
  counterpartyAddress: string;
  counterpartyId: string;
}

export interface CounterpartyCatalogRequest extends CounterpartyRequest {
  /** Sent as the CatalogRequestMessage's filter. */
  filter?: unknown[];
  /** Sent as `offset` and `limit` query parameters, which TDSS providers page by. */
  page?: { offset?: number; limit?: number };
}

export interface CounterpartyAnswer {
  body: Record<string, unknown>;
  /** The counterparty's `Link` header (its page links), if it sent one. */
  link: string | undefined;
}

export interface CounterpartyCatalogs {
  catalog(participant: ParticipantContext, request: CounterpartyCatalogRequest): Promise<CounterpartyAnswer>;
  dataset(participant: ParticipantContext, request: CounterpartyRequest & { datasetId: string }): Promise<CounterpartyAnswer>;
}

export function createCounterpartyCatalogs(client: () => DspClient, timeoutMs: number): CounterpartyCatalogs {
  const send = async (participant: ParticipantContext, request: CounterpartyRequest, url: string, expected: DspMessageType, message?: DspCall['message']) => {
    const call: DspCall = { participantContextId: participant.id, participantId: participant.participantId, counterpartyId: request.counterpartyId, url, ...(message ? { message } : {}) };
    let answer;
    try {
      answer = await client().send(call);
    } catch (error) {
      if (error instanceof DspCallError) throw counterpartyProblem(error, request, timeoutMs);
      throw error;
    }
    const problems = answer.body ? validateDsp(expected, answer.body) : [{ path: '', message: 'no body' }];
    if (problems.length > 0) {
      throw new ProblemError(502, `counterparty ${request.counterpartyId} answered with something that is not a DSP ${expected}`, {
        type: 'counterparty-invalid-answer',
        title: 'Bad Gateway',
        extensions: { counterpartyId: request.counterpartyId, errors: problems },
      });
    }
    return { body: answer.body!, link: answer.headers.get('link') ?? undefined };
  };

  return {
    catalog(participant, request) {
      const query = new URLSearchParams();
      if (request.page?.offset !== undefined) query.set('offset', String(request.page.offset));
      if (request.page?.limit !== undefined) query.set('limit', String(request.page.limit));
      const url = `${base(request)}/catalog/request${query.size ? `?${query}` : ''}`;
      return send(participant, request, url, 'Catalog', { '@type': 'CatalogRequestMessage', ...(request.filter ? { filter: request.filter } : {}) });
    },
    dataset(participant, request) {
      return send(participant, request, `${base(request)}/catalog/datasets/${encodeURIComponent(request.datasetId)}`, 'Dataset');
    },
  };
}

function base(request: CounterpartyRequest): string {
  return request.counterpartyAddress.replace(/\/+$/, '');
}

function counterpartyProblem(error: DspCallError, request: CounterpartyRequest, timeoutMs: number): ProblemError {
  const who = `counterparty ${request.counterpartyId} at ${request.counterpartyAddress}`;
  const extensions: Record<string, unknown> = { counterpartyId: request.counterpartyId };
  if (error.status !== undefined) {
    extensions.counterpartyStatus = error.status;
    const body = error.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const key of ['code', 'reason'] as const) if (body[key] !== undefined) extensions[`counterparty${key === 'code' ? 'Code' : 'Reason'}`] = body[key];
    }
    const detail = error.status < 300 ? `${who} answered ${error.status} with a body that is not valid DSP JSON-LD` : `${who} answered ${error.status}`;
    return new ProblemError(502, detail, { type: 'counterparty-error', title: 'Bad Gateway', extensions });
  }
  if ((error.cause as Error | undefined)?.name === 'TimeoutError') {
    return new ProblemError(504, `${who} did not answer within ${timeoutMs} ms`, { type: 'counterparty-timeout', title: 'Gateway Timeout', extensions });
  }
  return new ProblemError(502, `${who} could not be reached (${networkReason(error)})`, { type: 'counterparty-unreachable', title: 'Bad Gateway', extensions });
}

/** fetch says only "fetch failed"; the socket's reason (ECONNREFUSED, ENOTFOUND, ...) is its cause. */
function networkReason(error: DspCallError): string {
  const cause = error.cause as (Error & { cause?: { code?: string; message?: string } }) | undefined;
  return cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? error.message;
}
