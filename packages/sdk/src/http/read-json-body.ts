/**
 * The parsed JSON body of a request. The HTTP plugin parses JSON content types only (other
 * bodies stay streams), so a body that was not parsed was not JSON: that is a 415, not a crash.
 */
import type { Context } from 'koa';
import { ProblemError } from '../errors.ts';

export function readJsonBody(ctx: Context): unknown {
  const body = (ctx.request as { body?: unknown }).body;
  if (body !== undefined) return body;
  if (!ctx.request.length && !ctx.get('transfer-encoding')) {
    throw new ProblemError(400, 'this request needs a JSON body', { type: 'bad-request' });
  }
  throw new ProblemError(415, `expected a JSON body (application/json), found ${ctx.get('content-type') || 'no content type'}`, {
    type: 'unsupported-media-type',
  });
}
