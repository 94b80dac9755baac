/**
 * Test helpers: start a real runtime with this plugin and small route-contributing plugins,
 * capture its log lines, and wait for asynchronous effects. Not part of the build.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '@tdss/kernel';
import { type AnyPlugin, HttpRoutes, HttpServer } from '@tdss/sdk';
import { contributingPlugin } from '@tdss/testing';
import httpPlugin from '../index.ts';

export type LogLine = Record<string, unknown> & { msg?: string; level?: string; reqId?: string };

export interface LogCapture {
  readonly lines: LogLine[];
  write(line: string): void;
}

/** A pino DestinationStream that keeps every line parsed. */
export function captureLogs(): LogCapture {
  const lines: LogLine[] = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line) as LogLine) };
}

/** A plugin that contributes the given routes in register(), as an API plugin does. */
export function routesPlugin(name: string, routes: readonly HttpRoutes[]): AnyPlugin {
  return contributingPlugin(name, HttpRoutes, ...routes);
}

export interface HttpRuntime {
  runtime: Runtime;
  http: HttpServer;
  logs: LogCapture;
  /** Base URL of a context. */
  url(context: string): string;
}

export interface StartOptions {
  settings?: Record<string, unknown>;
  plugins?: readonly AnyPlugin[];
  /** Start without awaiting the whole runtime: for tests that look at it while it starts. */
  awaitStart?: boolean;
}

/**
 * Starts the HTTP plugin (every context on one ephemeral port unless settings say otherwise)
 * with the given plugins; stops the runtime and removes its data folder when the test ends.
 */
export async function startHttp(t: { teardown(fn: () => unknown): void }, options: StartOptions = {}): Promise<HttpRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tdss-http-'));
  const logs = captureLogs();
  const runtime = createRuntime({
    runtime: { dataDir, logLevel: 'debug' },
    plugins: [{ plugin: httpPlugin, settings: { port: 0, ...options.settings } }, ...(options.plugins ?? []).map((plugin) => ({ plugin }))],
    logDestination: logs,
  });
  t.teardown(async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const started = runtime.start();
  if (options.awaitStart === false) {
    started.catch(() => undefined);
    await waitFor(() => runtime.getOptional(HttpServer) !== undefined || runtime.state === 'failed');
  } else {
    await started;
  }
  const http = runtime.get(HttpServer);
  return { runtime, http, logs, url: (context) => http.url(context) };
}

/** Polls until `check` holds; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A promise with its resolver, for plugins that wait on the test. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A port that was free a moment ago, for tests that need two servers on distinct ports. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
