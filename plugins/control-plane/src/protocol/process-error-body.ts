/**
 * The negotiation and transfer bindings answer every client error with an error body of their
 * protocol (ContractNegotiationError, TransferError): a 4xx ProblemError keeps its status and safe
 * detail as `code` and `reason` ("If an error body is returned it MUST be a Transfer Error").
 * Server errors are left to the HTTP plugin: a problem whose detail says nothing of the cause.
 *
 * Both error types require `providerPid` and `consumerPid`. A handler names them once it knows
 * them (`setProcessPids`); before that they are taken from the message, and a pid nobody named
 * (an unknown process, a request the provider refused before creating one) is an empty string,
 * so the body stays valid against the spec's schema.
 */
import type { DspJsonLd } from '@tdss/json-ld';
import { ProblemError } from '@tdss/sdk';
import type { Middleware } from 'koa';

export type ProcessErrorType = 'ContractNegotiationError' | 'TransferError';

export interface ProcessPids {
  providerPid?: string | null;
  consumerPid?: string | null;
}

export function setProcessPids(state: Record<string, unknown>, pids: ProcessPids): void {
  state.processPids = pids;
}

export function processErrorBody(jsonLd: DspJsonLd, type: ProcessErrorType): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      const named = (ctx.state.processPids ?? {}) as ProcessPids;
      const sent = messagePids((ctx.request as { body?: unknown }).body);
      const details = Array.isArray(error.extensions.errors) ? (error.extensions.errors as unknown[]).map(describeIssue) : [];
      ctx.status = error.status;
      ctx.body = jsonLd.write({
        '@type': type,
        providerPid: named.providerPid ?? sent.providerPid ?? '',
        consumerPid: named.consumerPid ?? sent.consumerPid ?? '',
        code: String(error.status),
        reason: [error.message, ...details],
      });
    }
  };
}

function messagePids(body: unknown): ProcessPids {
  if (typeof body !== 'object' || body === null) return {};
  const { providerPid, consumerPid } = body as Record<string, unknown>;
  return {
    ...(typeof providerPid === 'string' ? { providerPid } : {}),
    ...(typeof consumerPid === 'string' ? { consumerPid } : {}),
  };
}

/** A validation issue of an invalid message (`{ path, message }`) as one line. */
function describeIssue(issue: unknown): string {
  const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
  return `${typeof path === 'string' && path ? path : '/'}: ${String(message)}`;
}
