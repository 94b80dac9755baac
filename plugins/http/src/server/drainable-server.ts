/**
 * A node:http server that can stop gracefully: it stops accepting, lets in-flight requests
 * finish up to a bound, and closes keep-alive connections as soon as they fall idle, so that
 * clients are not cut off mid-response and stop does not hang on idle sockets.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';

export interface DrainableServer {
  readonly server: Server;
  /** Resolves once every connection is closed; connections still busy after `timeoutMs` are cut. */
  drain(timeoutMs: number): Promise<void>;
}

/**
 * A connection turns idle without an event to say so (e.g. once the unread rest of a rejected
 * upload has been discarded), so idle connections are swept at this interval while draining.
 */
const IDLE_SWEEP_MS = 50;

export function createDrainableServer(listener: RequestListener): DrainableServer {
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  const server = createServer((req, res) => {
    // Answers given while draining close their connection instead of keeping it alive.
    if (draining) res.shouldKeepAlive = false;
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
    listener(req, res);
  });

  return {
    server,
    drain(timeoutMs) {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.shouldKeepAlive = false;
      return new Promise<void>((resolve) => {
        const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
        const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
      });
    },
  };
}
