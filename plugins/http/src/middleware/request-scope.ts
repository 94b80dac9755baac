/**
 * Gives every request an id and runs the rest of the chain in its request scope, so that every
 * log line written on its behalf carries the id. A caller's id is kept when it is sane, so that
 * ids can follow a request across services.
 */
import { randomUUID } from 'node:crypto';
import { runInRequestScope } from '@tdss/sdk';
import type { Middleware } from 'koa';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const SANE_REQUEST_ID = /^[A-Za-z0-9][\w.:-]{0,127}$/;

export function requestScope(): Middleware {
  return (ctx, next) => {
    const incoming = ctx.get(REQUEST_ID_HEADER);
    const requestId = SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.set(REQUEST_ID_HEADER, requestId);
    return runInRequestScope({ requestId }, next);
  };
}
