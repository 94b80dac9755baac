/**
 * GET from an HTTP(S) source whose body is relayed to a writable (a pull's response, a push's
 * request) without allocating per chunk. node:http hands each socket read to the body as a fresh
 * buffer; inside a runtime (a large heap) that garbage costs a full GC every few dozen MB, which
 * made a relay cost twice the CPU per byte of the source and the consumer together. Here every
 * connection reads into one buffer of its own (`net`/`tls` `onread`); a slice of it is written to
 * the destination, and reading pauses until the destination is done with it (back-pressure).
 * HTTP/1.1 only: Content-Length, chunked and close-delimited bodies; connections are kept alive
 * per origin and a request on a reused connection that closes before any answer is sent again.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import type { Writable } from 'node:stream';

/** Large reads mean few syscalls and writes per MB; one buffer per connection bounds memory. */
const READ_BUFFER_BYTES = 256 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_IDLE_PER_ORIGIN = 16;
const IDLE_TIMEOUT_MS = 30_000;

export interface SourceAnswer {
  status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Writes the body to `destination`, ends it and resolves once it finished; rejects (and closes the source connection) if either side fails. */
  pipeTo(destination: Writable): Promise<void>;
  /** Gives up the body: the connection is closed. */
  cancel(): void;
}

interface Connection {
  socket: Socket;
  buffer: Buffer;
  /** The exchange reading this connection: false pauses reading. */
  onRead?: (length: number) => boolean;
  onClose?: (error?: Error) => void;
  reused: boolean;
}

const idle = new Map<string, Connection[]>();

export async function getFromSource(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<SourceAnswer> {
  const key = `${url.protocol}//${url.host}`;
  const requestText = request(url, headers);
  const connection = takeIdle(key) ?? open(url, key);
  try {
    return await exchange(connection, key, requestText, timeoutMs);
  } catch (error) {
    // A kept-alive connection the source closed meanwhile: the GET is idempotent, ask again.
    if (connection.reused && error instanceof ClosedBeforeAnswer) return exchange(open(url, key), key, requestText, timeoutMs);
    throw error;
  }
}

class ClosedBeforeAnswer extends Error {}

function request(url: URL, headers: Record<string, string>): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  if (url.username && !('authorization' in headers)) lines.push(`authorization: Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`);
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) throw new Error(`the header ${JSON.stringify(name)} cannot be sent`);
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function open(url: URL, key: string): Connection {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const connection: Connection = { socket: undefined as unknown as Socket, buffer, reused: false };
  const onread = { buffer, callback: (length: number) => (connection.onRead ? connection.onRead(length) : (connection.socket.destroy(), false)) };
  connection.socket = secure
    ? // node:tls takes onread as net does; its types do not say so.
      tlsConnect({ host, port, onread, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) } as ConnectionOptions)
    : netConnect({ host, port, onread });
  connection.socket.setNoDelay(true);
  connection.socket.on('error', (error) => connection.onClose?.(error));
  connection.socket.on('close', () => {
    connection.onClose?.();
    const pool = idle.get(key);
    if (pool?.includes(connection)) idle.set(key, pool.filter((c) => c !== connection));
  });
  connection.socket.on('timeout', () => connection.socket.destroy());
  return connection;
}

function takeIdle(key: string): Connection | undefined {
  const pool = idle.get(key) ?? [];
  for (let connection = pool.pop(); connection; connection = pool.pop()) {
    if (connection.socket.destroyed) continue;
    connection.reused = true;
    connection.socket.setTimeout(0);
    connection.socket.ref();
    return connection;
  }
  return undefined;
}

function release(connection: Connection, key: string): void {
  connection.onRead = undefined;
  connection.onClose = undefined;
  const pool = idle.get(key) ?? [];
  if (connection.socket.destroyed || pool.length >= MAX_IDLE_PER_ORIGIN) return void connection.socket.destroy();
  connection.socket.setTimeout(IDLE_TIMEOUT_MS);
  connection.socket.unref();
  // Reading goes on while idle, so that a close by the source is seen (and data is a protocol error).
  connection.socket.resume();
  pool.push(connection);
  idle.set(key, pool);
}

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked'; state: 'size' | 'data' | 'data-end' | 'trailer'; remaining: number; line: string } | { kind: 'close' } | { kind: 'none' };

function exchange(connection: Connection, key: string, requestText: string, timeoutMs: number): Promise<SourceAnswer> {
  const { socket, buffer } = connection;
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const fail = (error: Error) => {
      clearTimeout(timer);
      connection.onRead = undefined;
      connection.onClose = undefined;
      socket.destroy();
      reject(error);
    };
    // Until the answer starts: a slow body is the destination's pace, not a timeout.
    const timer = setTimeout(() => fail(new Error('timeout')), timeoutMs);
    connection.onClose = (error) => fail(head.length === 0 ? new ClosedBeforeAnswer(error?.message ?? 'the connection closed') : (error ?? new Error('the connection closed')));
    connection.onRead = (length) => {
      head = Buffer.concat([head, buffer.subarray(0, length)]);
      for (;;) {
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (head.length > MAX_HEAD_BYTES) fail(new Error('the answer\'s head is too large'));
          return head.length <= MAX_HEAD_BYTES;
        }
        let parsed: Head;
        try {
          parsed = parseHead(head.toString('latin1', 0, end));
        } catch (error) {
          fail(error as Error);
          return false;
        }
        // An interim answer (100 Continue, 103 Early Hints): the final one follows.
        if (parsed.status < 200) {
          head = head.subarray(end + 4);
          continue;
        }
        clearTimeout(timer);
        // The body's first bytes are the tail of this read, still in the buffer: reading waits until the caller takes the body.
        connection.onRead = () => false;
        connection.onClose = undefined;
        resolve(answer(connection, key, parsed, length - (head.length - end - 4), length));
        return false;
      }
    };
    socket.write(requestText);
  });
}

interface Head {
  status: number;
  headers: Record<string, string>;
  keepAlive: boolean;
  framing: Framing;
}

function parseHead(text: string): Head {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const status = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(statusLine);
  if (!status) throw new Error('not an HTTP/1.1 answer');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error('a malformed header');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const code = Number(status[2]);
  const connectionTokens = (headers.connection ?? '').toLowerCase();
  let keepAlive = status[1] === '1' ? !/\bclose\b/.test(connectionTokens) : /\bkeep-alive\b/.test(connectionTokens);
  let framing: Framing;
  if (code < 200 || code === 204 || code === 304) framing = { kind: 'none' };
  else if (headers['transfer-encoding'] !== undefined) {
    framing = /(?:^|,)\s*chunked\s*$/i.test(headers['transfer-encoding']) ? { kind: 'chunked', state: 'size', remaining: 0, line: '' } : { kind: 'close' };
    delete headers['content-length'];
  } else if (headers['content-length'] !== undefined) {
    if (!/^\d+$/.test(headers['content-length'])) throw new Error('an invalid Content-Length');
    framing = { kind: 'length', remaining: Number(headers['content-length']) };
  } else framing = { kind: 'close' };
  if (framing.kind === 'close') keepAlive = false;
  return { status: code, headers, keepAlive, framing };
}

function answer(connection: Connection, key: string, head: Head, bodyStart: number, bodyEnd: number): SourceAnswer {
  const { socket, buffer } = connection;
  const { framing } = head;
  let taken = false;
  return {
    status: head.status,
    headers: head.headers,
    cancel() {
      if (!taken) socket.destroy();
      taken = true;
    },
    pipeTo(destination) {
      if (taken) return Promise.reject(new Error('the body was taken'));
      taken = true;
      return new Promise<void>((resolve, reject) => {
        let pending = 0;
        let paused = true;
        let done = false;
        let reusable = head.keepAlive;
        const settle = (error?: Error) => {
          if (done) return;
          done = true;
          destination.off('close', onDestinationClose);
          connection.onRead = undefined;
          connection.onClose = undefined;
          if (error) {
            socket.destroy();
            if (!destination.destroyed) destination.destroy();
            reject(error);
          } else {
            if (reusable) release(connection, key);
            else socket.destroy();
            resolve();
          }
        };
        const onDestinationClose = () => {
          if (!destination.writableFinished) settle(new Error('the destination closed before the end'));
        };
        destination.on('close', onDestinationClose);
        // Kept after the end too: a late error of the destination is not this body's concern.
        destination.on('error', (error) => settle(error));
        const written = (error?: Error | null) => {
          pending--;
          if (error) return settle(error);
          if (pending === 0 && paused && !done && !bodyComplete) {
            paused = false;
            socket.resume();
          }
        };
        const write = (from: number, to: number) => {
          if (to <= from) return;
          pending++;
          destination.write(buffer.subarray(from, to), written);
        };
        let bodyComplete = false;
        const complete = () => {
          bodyComplete = true;
          destination.end(() => settle());
        };
        /** The body bytes in buffer[from, to): written out; true once the body is complete. */
        const consume = (from: number, to: number): boolean => {
          if (framing.kind === 'none') {
            if (to > from) reusable = false;
            return true;
          }
          if (framing.kind === 'close') {
            write(from, to);
            return false;
          }
          if (framing.kind === 'length') {
            const end = Math.min(to, from + framing.remaining);
            write(from, end);
            framing.remaining -= end - from;
            if (end < to) reusable = false;
            return framing.remaining === 0;
          }
          let at = from;
          while (at < to) {
            if (framing.state === 'data') {
              const end = Math.min(to, at + framing.remaining);
              write(at, end);
              framing.remaining -= end - at;
              at = end;
              if (framing.remaining === 0) framing.state = 'data-end';
              continue;
            }
            const newline = buffer.indexOf(10, at);
            const lineEnd = newline < 0 || newline >= to ? to : newline;
            framing.line += buffer.toString('latin1', at, lineEnd);
            at = lineEnd;
            if (framing.line.length > 4096) throw new Error('a malformed chunked body');
            if (lineEnd === to) break;
            at++;
            const line = framing.line.replace(/\r$/, '');
            framing.line = '';
            if (framing.state === 'data-end') {
              if (line !== '') throw new Error('a malformed chunked body');
              framing.state = 'size';
            } else if (framing.state === 'size') {
              const size = /^([0-9a-fA-F]+)\s*(?:;.*)?$/.exec(line);
              if (!size) throw new Error('a malformed chunked body');
              framing.remaining = parseInt(size[1]!, 16);
              framing.state = framing.remaining === 0 ? 'trailer' : 'data';
            } else if (line === '') {
              if (at < to) reusable = false;
              return true;
            }
          }
          return false;
        };
        const onRead = (from: number, to: number): boolean => {
          let finished: boolean;
          try {
            finished = consume(from, to);
          } catch (error) {
            settle(error as Error);
            return false;
          }
          if (finished) {
            complete();
            return false;
          }
          // The destination still holds slices of the buffer: the next read waits for them.
          paused = pending > 0;
          return !paused;
        };
        if (destination.destroyed) return settle(new Error('the destination is closed'));
        connection.onRead = (length) => onRead(0, length);
        connection.onClose = (error) => {
          if (bodyComplete || done) return;
          if (!error && framing.kind === 'close') {
            bodyComplete = true;
            reusable = false;
            destination.end(() => settle());
            return;
          }
          settle(error ?? new Error('the source closed the connection before the end of the body'));
        };
        if (onRead(bodyStart, bodyEnd) && !done) {
          paused = false;
          socket.resume();
        }
        // Closed while the caller was not yet reading: the end of a close-delimited body, or a failure.
        if (socket.destroyed) connection.onClose();
      });
    },
  };
}
