/**
 * Test support: an HTTP proxy in front of a connector that forwards every request and, while told
 * to, delivers matching ones but keeps their answer from the sender: the message took effect,
 * and the sender never learns it did, as when the sender dies between the two.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Test } from 'tap';

export interface HoldingProxy {
  readonly url: string;
  /** Paths of the requests forwarded (recorded before they are). */
  readonly forwarded: string[];
  /** Answers of requests whose path matches are withheld until `release()`. */
  hold(path: RegExp): void;
  release(): void;
}

export async function startHoldingProxy(t: Test, target: () => string): Promise<HoldingProxy> {
  const forwarded: string[] = [];
  let held: RegExp | undefined;
  const sockets = new Set<Socket>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    forwarded.push(req.url ?? '');
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    const answer = await fetch(`${target()}${req.url}`, { method: req.method!, headers, ...(body.length ? { body } : {}) });
    const text = await answer.text();
    if (held?.test(req.url ?? '')) return; // delivered, never answered: the sender is left waiting
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    hold: (path) => void (held = path),
    release: () => void (held = undefined),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
