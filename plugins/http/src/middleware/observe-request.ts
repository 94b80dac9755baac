/**
 * One access log line and one metrics sample per request, taken when the response is over
 * (finished or aborted), so that streamed bodies count in full.
 */
import { AsyncResource } from 'node:async_hooks';
import { type Logger, principalOf } from '@tdss/sdk';
import type { Middleware } from 'koa';
import type { HttpMetrics } from '../metrics/create-http-metrics.ts';

export interface ObservedContext {
  /** The context name, `none` for requests no context took. */
  name: string;
  path: string;
}

export function observeRequest(context: ObservedContext, logger: Logger, metrics: HttpMetrics): Middleware {
  return async (ctx, next) => {
    const began = performance.now();
    const { method, path } = ctx;
    // Bound to the request's async context, so that the log line carries the request id.
    const done = AsyncResource.bind(() => {
      const seconds = (performance.now() - began) / 1000;
      const status = ctx.res.statusCode;
      metrics.observe({ context: context.name, method, route: routeTemplate(ctx as { _matchedRoute?: string | RegExp }, context.path), status: String(status) }, seconds);
      const aborted = !ctx.res.writableFinished;
      // Who made a management request, for the audit trail: the subject, never the credentials.
      const principal = principalOf(ctx);
      const who = principal ? { subject: principal.subject, auth: principal.method, ...(principal.tenant === undefined ? {} : { tenantScope: principal.tenant }) } : {};
      logger.info(
        { method, path, status, ms: Math.round(seconds * 1000), context: context.name, ...who, ...(aborted ? { aborted } : {}) },
        'request',
      );
    });
    ctx.res.once('close', done);
    await next();
  };
}

/** The matched route template, never the raw path: label values must stay few. */
function routeTemplate(ctx: { _matchedRoute?: string | RegExp }, prefix: string): string {
  const route = ctx._matchedRoute;
  if (route === undefined) return 'unmatched';
  return typeof route === 'string' ? `${prefix}${route}` : `${prefix}${route.source}`;
}
