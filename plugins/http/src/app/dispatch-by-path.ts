/**
 * Picks the context whose path is the longest prefix of the request path, on segment
 * boundaries (`/public` takes `/public/x` but not `/publication`). The root context (``) takes
 * what no other claims; without one, the fallback answers 404.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export interface PathRoute {
  path: string;
  listener: RequestListener;
}

export function dispatchByPath(routes: readonly PathRoute[], fallback: RequestListener): (req: IncomingMessage, res: ServerResponse) => void {
  const byLength = [...routes].sort((a, b) => b.path.length - a.path.length);
  return (req, res) => {
    const path = requestPath(req.url);
    const route = byLength.find((r) => r.path === '' || path === r.path || path.startsWith(`${r.path}/`));
    void (route?.listener ?? fallback)(req, res);
  };
}

/** The path as koa will see it: the origin-form target up to the query, or the path of an absolute-form one. */
function requestPath(url: string | undefined): string {
  const target = url ?? '/';
  if (target.startsWith('/')) return target.split(/[?#]/, 1)[0]!;
  try {
    return new URL(target).pathname;
  } catch {
    return target;
  }
}
