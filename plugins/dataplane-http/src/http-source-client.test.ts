/**
 * The source client against scripted HTTP/1.1 servers on loopback: every framing, answers split at
 * awkward places, kept-alive connections (and one the source closed meanwhile), failures on either
 * side, and back-pressure from a slow destination with the read buffer reused under it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { getFromSource } from './http-source-client.ts';

/** A server that answers each request (head read whole) with `answer`; counts connections. */
async function scripted(t: Test, answer: (socket: Socket, request: string, index: number) => void | Promise<void>) {
  const sockets = new Set<Socket>();
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const request = pending.slice(0, end);
      pending = pending.slice(end + 4);
      void answer(socket, request, requests++);
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const { port } = server.address() as { port: number };
  return { url: new URL(`http://127.0.0.1:${port}/object?x=1`), connections: () => connections, sockets };
}

/** Copies what it is given (the chunks are slices of a buffer that is reused), slowly when asked. */
function collector(delayMs = 0) {
  const chunks: Buffer[] = [];
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      if (delayMs > 0) setTimeout(done, delayMs);
      else done();
    },
  });
  return { writable, bytes: () => Buffer.concat(chunks) };
}

const head = (status: string, headers: Record<string, string | number>) => `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;

t.test('Content-Length: the request, a head split across reads, the exact body; the connection is kept for the next request', async (t) => {
  const body = randomBytes(3 * 1024 * 1024 + 17);
  const requests: string[] = [];
  const source = await scripted(t, async (socket, request) => {
    requests.push(request);
    const text = head('200 OK', { 'content-type': 'application/octet-stream', 'content-length': body.length, etag: '"v1"' });
    socket.write(text.slice(0, 20));
    await sleep(5);
    socket.write(text.slice(20));
    socket.write(body);
  });
  for (let i = 0; i < 2; i++) {
    const answer = await getFromSource(source.url, { range: 'bytes=0-', 'x-api-key': 'k1' }, 5000);
    t.equal(answer.status, 200);
    t.match(answer.headers, { 'content-type': 'application/octet-stream', 'content-length': String(body.length), etag: '"v1"' });
    const out = collector();
    await answer.pipeTo(out.writable);
    t.ok(out.bytes().equals(body), `request ${i + 1}: exactly the body`);
  }
  t.equal(source.connections(), 1, 'one kept-alive connection');
  t.match(requests[0], /^GET \/object\?x=1 HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\nrange: bytes=0-\r\nx-api-key: k1$/);
});

t.test('chunked, with extensions and a trailer, split anywhere; a 100 Continue before it', async (t) => {
  const parts = [randomBytes(10), randomBytes(70_000), randomBytes(1), randomBytes(300_000)];
  const encoded = Buffer.concat([
    Buffer.from(head('100 Continue', {}) + head('200 OK', { 'transfer-encoding': 'chunked', 'content-length': 5 })),
    ...parts.flatMap((part, i) => [Buffer.from(`${part.length.toString(16)}${i === 1 ? ';name=value' : ''}\r\n`), part, Buffer.from('\r\n')]),
    Buffer.from('0\r\nx-checksum: abc\r\n\r\n'),
  ]);
  const source = await scripted(t, async (socket) => {
    for (let at = 0; at < encoded.length; ) {
      const size = 1 + Math.floor(Math.random() * 40_000);
      socket.write(encoded.subarray(at, at + size));
      at += size;
      await sleep(1);
    }
  });
  for (let i = 0; i < 2; i++) {
    const answer = await getFromSource(source.url, {}, 5000);
    t.equal(answer.status, 200);
    t.notOk('content-length' in answer.headers, 'no length for a chunked body');
    const out = collector();
    await answer.pipeTo(out.writable);
    t.ok(out.bytes().equals(Buffer.concat(parts)), 'exactly the chunks\' data');
  }
  t.equal(source.connections(), 1, 'the connection is kept after a chunked body');
});

t.test('a body without length ends when the source closes; that connection is not kept', async (t) => {
  const body = randomBytes(500_000);
  const source = await scripted(t, (socket) => {
    socket.end(Buffer.concat([Buffer.from(head('200 OK', { 'content-type': 'text/plain' })), body]));
  });
  for (let i = 0; i < 2; i++) {
    const out = collector();
    await (await getFromSource(source.url, {}, 5000)).pipeTo(out.writable);
    t.ok(out.bytes().equals(body));
  }
  t.equal(source.connections(), 2);
});

t.test('a kept-alive connection the source closed meanwhile: the request is sent again on a new one', async (t) => {
  const source = await scripted(t, (socket, _request, index) => {
    // The second request reaches the first connection, which closes without answering.
    if (index === 1) return void socket.destroy();
    socket.write(head('200 OK', { 'content-length': 2 }) + 'ok');
  });
  for (let i = 0; i < 2; i++) {
    const out = collector();
    await (await getFromSource(source.url, {}, 5000)).pipeTo(out.writable);
    t.equal(out.bytes().toString(), 'ok');
  }
  t.equal(source.connections(), 2);
});

t.test('failures: a source that breaks off, one that does not answer, one that is not HTTP; a header that cannot be sent', async (t) => {
  const source = await scripted(t, (socket, request) => {
    if (request.includes('/broken')) {
      socket.write(head('200 OK', { 'content-length': 1000 }) + 'x'.repeat(500));
      setTimeout(() => socket.destroy(), 10);
    } else if (request.includes('/garbage')) socket.write('SSH-2.0-OpenSSH\r\n\r\n');
  });
  const broken = await getFromSource(new URL('/broken', source.url), {}, 5000);
  const out = collector();
  await t.rejects(broken.pipeTo(out.writable), /closed the connection before the end/);
  t.ok(out.writable.destroyed, 'the destination is closed: its consumer sees the failure');
  await t.rejects(getFromSource(new URL('/silent', source.url), {}, 100), /timeout/);
  await t.rejects(getFromSource(new URL('/garbage', source.url), {}, 5000), /not an HTTP\/1\.1 answer/);
  await t.rejects(getFromSource(source.url, { 'x-api-key': 'a\r\nx-injected: 1' }, 5000), /cannot be sent/);
  await t.rejects(getFromSource(new URL('http://127.0.0.1:9/'), {}, 5000), /ECONNREFUSED/);
});

t.test('a destination that goes away closes the connection to the source', async (t) => {
  const source = await scripted(t, (socket) => {
    socket.write(head('200 OK', { 'content-length': 100 * 1024 * 1024 }));
    const chunk = Buffer.alloc(1024 * 1024);
    const more = () => {
      while (!socket.destroyed && socket.write(chunk));
    };
    socket.on('drain', more);
    more();
  });
  const answer = await getFromSource(source.url, {}, 5000);
  const out = collector(1);
  const piping = answer.pipeTo(out.writable);
  await sleep(50);
  out.writable.destroy();
  await t.rejects(piping, /closed before the end/);
  await sleep(50);
  t.equal(source.sockets.size, 0, 'the source connection is closed');
});

t.test('a slow destination: reading waits for it, and the reused buffer never overwrites bytes it still holds', async (t) => {
  const body = randomBytes(8 * 1024 * 1024);
  const source = await scripted(t, (socket) => void socket.write(Buffer.concat([Buffer.from(head('200 OK', { 'content-length': body.length })), body])));
  const out = collector(2);
  await (await getFromSource(source.url, {}, 5000)).pipeTo(out.writable);
  t.equal(createHash('sha256').update(out.bytes()).digest('hex'), createHash('sha256').update(body).digest('hex'));
});
