/**
 * Test data of any size without holding it: byte p of a generated object is block[p mod
 * block.length] for a random block of prime length (so chunks never line up with it). A plain
 * node:http server serves it (Range too, and an API key check), and hashing it needs no copy.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Test } from 'tap';
import { parseByteRange } from '../byte-range.ts';

const BLOCK = 65_521;
const CHUNK = 64 * 1024;

export interface GeneratedData {
  readonly size: number;
  /** The bytes from `start` to `end` inclusive, as a stream of 64 KiB chunks. */
  stream(start?: number, end?: number): Readable;
  slice(start: number, end: number): Buffer;
  sha256(): Promise<string>;
}

export function generatedData(size: number): GeneratedData {
  const block = randomBytes(BLOCK);
  const chunkAt = (position: number, length: number) => {
    const out = Buffer.allocUnsafe(length);
    for (let written = 0; written < length; ) {
      const offset = (position + written) % BLOCK;
      const n = Math.min(length - written, BLOCK - offset);
      block.copy(out, written, offset, offset + n);
      written += n;
    }
    return out;
  };
  const stream = (start = 0, end = size - 1) =>
    Readable.from(
      (function* () {
        for (let position = start; position <= end; position += CHUNK) yield chunkAt(position, Math.min(CHUNK, end - position + 1));
      })(),
    );
  return {
    size,
    stream,
    slice: (start, end) => chunkAt(start, end - start + 1),
    sha256: () => sha256Of(stream()),
  };
}

export async function sha256Of(body: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk);
  return hash.digest('hex');
}

export interface DataServer {
  readonly url: string;
  /** API keys the requests carried, in order. */
  readonly keys: Array<string | undefined>;
  readonly server: Server;
}

/** Serves `data` at any path (one byte range per request, as the data plane's file source does); answers 401 unless the `x-api-key` header is `apiKey` (when given). */
export async function serveGeneratedData(t: Test, data: GeneratedData, apiKey?: string): Promise<DataServer> {
  const keys: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    const key = req.headers['x-api-key'] as string | undefined;
    keys.push(key);
    if (apiKey !== undefined && key !== apiKey) {
      res.writeHead(401).end();
      return;
    }
    const range = parseByteRange(req.headers.range, data.size);
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${data.size}` }).end();
      return;
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, data.size - 1];
    const length = { 'content-length': String(end - start + 1) };
    res.writeHead(range.kind === 'partial' ? 206 : 200, range.kind === 'partial' ? { ...headers, ...length, 'content-range': `bytes ${start}-${end}/${data.size}` } : { ...headers, ...length });
    data.stream(start, end).pipe(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys, server };
}

export interface Inbox {
  readonly url: string;
  /** What arrived: sha-256, length and the authorization header of each POST. */
  readonly received: Array<{ sha256: string; length: number; authorization: string | undefined }>;
}

/** A push destination: hashes each POSTed body as it streams in. */
export async function startInbox(t: Test): Promise<Inbox> {
  const received: Inbox['received'] = [];
  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    req.on('end', () => {
      received.push({ sha256: hash.digest('hex'), length, authorization: req.headers.authorization });
      res.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`, received };
}
