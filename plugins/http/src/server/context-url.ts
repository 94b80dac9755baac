import type { ResolvedContext } from '../settings/resolve-contexts.ts';

/** Wildcard addresses accept connections on loopback too, and a client can reach them there. */
const REACHABLE_HOST: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '::1' };

/** The base URL clients use for a context: see HttpServer.url in the SDK. */
export function contextUrl(context: ResolvedContext, boundPort: number | undefined): string {
  if (context.publicUrl) return context.publicUrl;
  if (boundPort === undefined) return context.path;
  const host = REACHABLE_HOST[context.host] ?? context.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}${context.path}`;
}
