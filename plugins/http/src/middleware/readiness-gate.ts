/**
 * Until every plugin has started (and again once the runtime stops), API requests would meet
 * half-wired services: answer 503 with Retry-After instead, so that clients and load balancers
 * come back later. The observability context is never gated: probes must see the state.
 */
import { currentRequestScope, type RuntimeInfo } from '@tdss/sdk';
import type { Middleware } from 'koa';
import { blank } from '../problem/to-problem.ts';
import { sendProblem } from '../problem/send-problem.ts';

const RETRY_AFTER_SECONDS = 5;

export function readinessGate(runtime: RuntimeInfo): Middleware {
  return (ctx, next) => {
    if (runtime.state === 'running') return next();
    ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
    const detail = `The service is not ready (it is ${runtime.state}); retry in ${RETRY_AFTER_SECONDS} seconds.`;
    sendProblem(ctx, blank(503, detail, ctx.path), currentRequestScope()?.requestId);
    return Promise.resolve();
  };
}
