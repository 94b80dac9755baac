import type { Context } from 'koa';

/**
 * The path as the client sent it, without the query. Routers see `ctx.path` relative to their API
 * context; links and Location headers a client follows need the full path.
 */
export function requestPath(ctx: Context): string {
  const url = ctx.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
