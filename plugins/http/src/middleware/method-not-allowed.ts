/**
 * Runs after every router of a context. When some route matched the path but none the method,
 * answer 405 with Allow (OPTIONS gets the Allow list with 204). Computed across all routers of
 * the context, which a single router's allowedMethods() cannot do.
 */
import { currentRequestScope, requestPath } from '@tdss/sdk';
import type { Middleware } from 'koa';
import { blank } from '../problem/to-problem.ts';
import { sendProblem } from '../problem/send-problem.ts';

interface MatchedLayer {
  methods: string[];
}

export function methodNotAllowed(): Middleware {
  return (ctx, next) => {
    const matched = (ctx as { matched?: MatchedLayer[] }).matched ?? [];
    const allowed = [...new Set(matched.flatMap((layer) => layer.methods))];
    if (allowed.length === 0 || allowed.includes(ctx.method) || ctx.body != null) return next();
    ctx.set('Allow', allowed.join(', '));
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return Promise.resolve();
    }
    const detail = `${ctx.method} is not allowed here; allowed: ${allowed.join(', ')}.`;
    sendProblem(ctx, blank(405, detail, requestPath(ctx)), currentRequestScope()?.requestId);
    return Promise.resolve();
  };
}
