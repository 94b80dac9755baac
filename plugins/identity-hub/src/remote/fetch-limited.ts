/**
 * One HTTP exchange with another party, bounded in time (connect, headers and body) and in the
 * size of the answer, without following redirects (they could lead anywhere).
 */
import { readLimitedBody } from '../resolver/read-limited-body.ts';

export interface LimitedRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
}

export interface LimitedResponse {
  status: number;
  contentType: string;
  /** The Location header (a 201's new resource), if any. */
  location: string | undefined;
  text: string;
}

/** Why an exchange failed; the message names the URL and the cause, never a header or body. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
}

export async function fetchLimited(url: string, request: LimitedRequest): Promise<LimitedResponse> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const response = await fetch(url, {
      method: request.method ?? 'GET',
      redirect: 'manual',
      signal,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const text = await readLimitedBody(response, request.maxBytes);
    if (text === undefined) throw new RemoteError(`the answer of ${url} exceeds ${request.maxBytes} bytes`);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', location: response.headers.get('location') ?? undefined, text };
  } catch (error) {
    if (error instanceof RemoteError) throw error;
    if (signal.aborted) throw new RemoteError(`${url} did not answer within ${request.timeoutMs} ms`);
    throw new RemoteError(`${url} could not be reached`, { cause: error });
  }
}
