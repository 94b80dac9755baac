/** Reading request input that the services then check in depth; malformed input is a 400 problem. */
import { problems } from '@tdss/sdk';

/** A JSON object body (absent means `{}`) with no members beyond `allowed`. */
export function objectBody(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw problems.badRequest('the request body must be a JSON object');
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length) {
    throw problems.badRequest(`unknown member(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${allowed.join(', ')}`);
  }
  return body as Record<string, unknown>;
}

/** A string member, or undefined; anything else is a 400 problem naming it. */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value !== undefined && typeof value !== 'string') throw problems.badRequest(`${name} must be a string`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value !== undefined && typeof value !== 'boolean') throw problems.badRequest(`${name} must be true or false`);
  return value;
}

/** The parsed JSON body the HTTP plugin leaves on the request (undefined without one). */
export function requestBody(ctx: { request: object }): unknown {
  return (ctx.request as { body?: unknown }).body;
}
