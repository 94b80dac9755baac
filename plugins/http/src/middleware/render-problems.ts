/**
 * Every error response is RFC 9457 problem+json: thrown errors are mapped by toProblem, and an
 * error status a route left without a body (koa's 404 when nothing matched, a bare
 * `ctx.status = 401`) gets a problem body too.
 */
import { currentRequestScope, type Logger, statusTitle } from '@tdss/sdk';
import type { Middleware } from 'koa';
import { blank, toProblem } from '../problem/to-problem.ts';
import { sendProblem } from '../problem/send-problem.ts';
import { REQUEST_ID_HEADER } from './request-scope.ts';

export function renderProblems(logger: Logger): Middleware {
  return async (ctx, next) => {
    const instance = ctx.path;
    const requestId = currentRequestScope()?.requestId ?? '';
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) {
        const detail = ctx.status === 404 ? `No resource at ${instance}.` : `${statusTitle(ctx.status)}.`;
        sendProblem(ctx, blank(ctx.status, detail, instance), requestId);
      }
    } catch (error) {
      const { problem, unexpected, headers } = toProblem(error, instance, requestId);
      if (unexpected) logger.error({ err: error, path: instance }, 'request failed with an unexpected error');
      else logger.debug({ status: problem.status, detail: problem.detail }, 'request rejected');
      if (ctx.headerSent || !ctx.writable) {
        // The response is already on its way (a stream failed half-way): all we can do is cut it.
        ctx.req.socket.destroy();
        return;
      }
      // Headers a route set before failing (content type, length, ...) belong to the answer it did not give.
      for (const name of Object.keys(ctx.response.headers)) {
        if (name.toLowerCase() !== REQUEST_ID_HEADER.toLowerCase()) ctx.remove(name);
      }
      ctx.set(headers);
      sendProblem(ctx, problem, requestId);
    }
  };
}
