/**
 * Test support: a loopback HTTP proxy in front of the S3 server that records every request S3
 * answered (method, path, query, status), can hold requests back and can answer some itself with
 * an S3 error, so a test sees which parts were uploaded, stops a copy at a part of its choosing
 * or makes S3 fail once.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

export interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
}

export interface Hold {
  /** Resolves when the first request held arrives. */
  reached: Promise<void>;
  /** Lets held requests (and later matching ones) through. */
  release(): void;
}

export interface S3Proxy {
  url: string;
  requests: ProxiedRequest[];
  /** Holds back every request matching `matches` until released. */
  hold(matches: (method: string, query: URLSearchParams) => boolean): Hold;
  /** Answers the next `times` requests matching `matches` with `status` and an S3 error (recorded too). */
  fail(matches: (method: string, query: URLSearchParams) => boolean, times: number, status: number): void;
  /** The part numbers S3 acknowledged for uploads (UploadPart answered 200), in order. */
  uploadedParts(): number[];
}

export async function startS3Proxy(t: Test, target: string): Promise<S3Proxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const holds: { matches: (method: string, query: URLSearchParams) => boolean; released: Promise<void>; arrived: () => void }[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', target);
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    // The client went away (an aborted copy): so does the request to S3.
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    req.pipe(out);
  };

  const failures: { matches: (method: string, query: URLSearchParams) => boolean; left: number; status: number }[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    const query = url.searchParams;
    const failure = failures.find((candidate) => candidate.left > 0 && candidate.matches(req.method ?? '', query));
    if (failure) {
      failure.left--;
      requests.push({ method: req.method ?? '', path: url.pathname, query, status: failure.status });
      req.resume();
      res.writeHead(failure.status, { 'content-type': 'application/xml', connection: 'close' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>injected by the test proxy</Message></Error>');
      return;
    }
    const hold = holds.find((candidate) => candidate.matches(req.method ?? '', query));
    if (!hold) return forward(req, res);
    hold.arrived();
    void hold.released.then(() => (res.destroyed ? undefined : forward(req, res)));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hold(matches) {
      let release!: () => void;
      let arrived!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const hold = { matches, released, arrived };
      holds.push(hold);
      return {
        reached,
        release() {
          holds.splice(holds.indexOf(hold), 1);
          release();
        },
      };
    },
    fail(matches, times, status) {
      failures.push({ matches, left: times, status });
    },
    uploadedParts: () => requests.filter((r) => r.method === 'PUT' && r.query.has('partNumber') && r.status === 200).map((r) => Number(r.query.get('partNumber'))),
  };
}
