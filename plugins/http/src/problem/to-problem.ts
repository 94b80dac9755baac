/**
 * Maps anything a route or middleware throws to a problem a client may see. Only ProblemError
 * messages and well-known client errors reach the client; everything else becomes a generic
 * detail with the request id, and the caller logs the error itself.
 */
import { type ProblemDetails, ProblemError, statusTitle } from '@tdss/sdk';

export interface ProblemMapping {
  problem: ProblemDetails;
  /** The error is a fault of the server, not the client: log it with its stack. */
  unexpected: boolean;
  /** Headers the error asks for (http-errors convention), e.g. Allow or WWW-Authenticate. */
  headers: Record<string, string>;
}

interface HttpLikeError {
  status: number;
  message: string;
  expose?: boolean;
  type?: string;
  limit?: number;
  headers?: unknown;
}

export function toProblem(error: unknown, instance: string, requestId: string): ProblemMapping {
  const headers = headersOf(error);
  if (error instanceof ProblemError) {
    return { problem: error.toProblem(instance), unexpected: error.status >= 500, headers };
  }
  if (isHttpLike(error) && error.status < 500) {
    return { problem: blank(error.status, clientDetail(error), instance), unexpected: false, headers };
  }
  const status = isHttpLike(error) ? error.status : 500;
  const detail = `An unexpected error happened. Quote request id ${requestId} when you report it.`;
  return { problem: blank(status, detail, instance), unexpected: true, headers: {} };
}

export function blank(status: number, detail: string, instance: string): ProblemDetails {
  return { type: 'about:blank', title: statusTitle(status), status, detail, instance };
}

/** Client errors raised by body parsing carry library wording or body fragments: say it our way. */
function clientDetail(error: HttpLikeError): string {
  if (error.type === 'entity.too.large') {
    return `The request body is larger than the ${error.limit ?? 'configured'} bytes this API accepts.`;
  }
  if (error instanceof SyntaxError || error.type === 'entity.parse.failed') return 'The request body is not valid JSON.';
  if (error.type === 'request.aborted') return 'The client aborted the request before its body arrived.';
  if (error.expose === true) return error.message;
  // The body inflater's wording echoes the client's Content-Encoding header.
  if (error.status === 415) return 'The request body uses a content encoding this API does not accept.';
  return `The request could not be processed (${statusTitle(error.status)}).`;
}

function isHttpLike(error: unknown): error is HttpLikeError {
  const status = (error as { status?: unknown } | null)?.status;
  return error instanceof Error && typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}

function headersOf(error: unknown): Record<string, string> {
  const raw = (error as { headers?: unknown } | null)?.headers;
  if (typeof raw !== 'object' || raw === null) return {};
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
