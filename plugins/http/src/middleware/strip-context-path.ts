/**
 * Routers see paths relative to their context, so a profile can move a context without any
 * plugin noticing. koa keeps the full path in `ctx.originalUrl`.
 */
import type { Middleware } from 'koa';

export function stripContextPath(path: string): Middleware {
  return (ctx, next) => {
    if (path) ctx.path = ctx.path.slice(path.length) || '/';
    return next();
  };
}
