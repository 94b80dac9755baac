import type { ProblemDetails } from '@tdss/sdk';
import type { Context } from 'koa';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Writes an RFC 9457 body; the request id rides along so a client can quote it. */
export function sendProblem(ctx: Context, problem: ProblemDetails, requestId: string | undefined): void {
  ctx.status = problem.status;
  ctx.type = PROBLEM_CONTENT_TYPE;
  ctx.body = requestId === undefined ? problem : { ...problem, requestId };
}
