/**
 * The catalog binding answers every request error with a CatalogError body: client errors
 * (ProblemError: unknown participant, unauthenticated, invalid message or filter, unknown dataset)
 * keep their status and safe detail. Anything else is left to the HTTP plugin, which logs it and
 * answers a 500 that reveals nothing.
 */
import type { DspJsonLd } from '@tdss/json-ld';
import { ProblemError } from '@tdss/sdk';
import type { Middleware } from 'koa';

export function catalogErrorBody(jsonLd: DspJsonLd): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      ctx.status = error.status;
      ctx.body = jsonLd.write({ '@type': 'CatalogError', code: String(error.status), reason: [error.message] });
    }
  };
}
