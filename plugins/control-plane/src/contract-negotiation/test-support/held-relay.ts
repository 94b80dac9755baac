/**
 * A relay in front of a runtime's HTTP origin that forwards every request and can hold the answer
 * to some of them until the test lets it go: the sender then acts on its message's success only
 * after whatever the test waited for happened, an interleaving that timing alone rarely gives.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

/** Resolves when the answer to this request may go back; undefined lets it go at once. */
export type Hold = (request: { method: string; path: string }) => Promise<void> | undefined;

/** Starts the relay to `target` (an origin); resolves to the relay's origin. Closed when `t` ends. */
export async function startHeldRelay(t: Test, target: string, hold: Hold): Promise<string> {
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const path = request.url ?? '/';
        const forwarded = await fetch(new URL(path, target), {
          method: request.method!,
          headers: forwardedHeaders(request),
          ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: await readBody(request) }),
        });
        const body = Buffer.from(await forwarded.arrayBuffer());
        await hold({ method: request.method!, path });
        response.writeHead(forwarded.status, Object.fromEntries([...forwarded.headers].filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name))));
        response.end(body);
      } catch (error) {
        response.writeHead(502).end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function forwardedHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
