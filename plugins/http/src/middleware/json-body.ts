/**
 * Parses JSON bodies (application/json, application/ld+json, any application/*+json) up to the
 * context's limit. Every other body stays an unread stream in `ctx.req`: data planes pipe
 * payloads of any size and must never have them buffered.
 */
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

const JSON_TYPES = ['application/json', 'application/ld+json', 'application/*+json'];

export function jsonBody(maxBodyBytes: number): Middleware {
  // The type check happens here, so the parser may treat whatever it is handed as JSON.
  const parse = bodyParser({ enableTypes: ['json'], detectJSON: () => true, jsonLimit: maxBodyBytes });
  return (ctx, next) => (ctx.request.is(JSON_TYPES) ? parse(ctx, next) : next());
}
