/**
 * Test helpers: a real runtime of store-sql, secrets-local, http (every context on one ephemeral
 * port) and this plugin, with its log lines captured and every API answer recorded, so tests
 * can also search them for leaked key material. Not part of the build.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import http from '@tdss/http';
import secrets from '@tdss/secrets-local';
import { type AnyPlugin, Database, DspIdentityService, HttpServer, SecretStore } from '@tdss/sdk';
import store from '@tdss/store-sql';
import { createLogCapture, type DialectSettings, type LogCapture, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import identityHub from '../index.ts';
import { CredentialStore } from '../credentials/credential-store.ts';
import { SecureTokenService } from '../sts/secure-token-service.ts';
import { DidService } from '../did/did-service.ts';
import { KeyService } from '../keys/key-service.ts';
import { DidResolver } from '../resolver/did-resolver.ts';
import type { IdentityHubSettings } from '../settings.ts';

export interface IdentityRuntimeOptions {
  database?: DialectSettings;
  settings?: Partial<IdentityHubSettings>;
  http?: Record<string, unknown>;
  /** More plugins, with settings where they need some. */
  plugins?: ReadonlyArray<AnyPlugin | { plugin: AnyPlugin; settings?: Record<string, unknown> }>;
  /** The secret store's master key (base64), for a runtime that restarts on the same database; random by default. */
  masterKey?: string;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when it is not JSON. */
  body: any;
}

export async function startIdentityRuntime(t: Test, options: IdentityRuntimeOptions = {}) {
  const logs = createLogCapture();
  const keyEnv = `TDSS_TEST_IDENTITY_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = options.masterKey ?? randomBytes(32).toString('base64');
  t.teardown(() => {
    delete process.env[keyEnv];
  });
  const runtime = await startTestRuntime(t, {
    logLevel: 'debug',
    logDestination: logs,
    plugins: [
      { plugin: store, settings: { ...(options.database ?? {}), debug: true } },
      { plugin: secrets, settings: { keyEnv } },
      { plugin: http, settings: { port: 0, ...options.http } },
      { plugin: identityHub, settings: { didWebHttpLoopback: true, ...options.settings } },
      ...(options.plugins ?? []).map((entry) => ('plugin' in entry ? entry : { plugin: entry })),
    ],
  });
  const server = runtime.get(HttpServer);
  const answers: string[] = [];

  /** Calls the management API (or any context, with `context`, and headers) and records the raw answer. */
  async function api(method: string, path: string, body?: unknown, context = 'management', headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const response = await fetch(`${server.url(context)}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    answers.push(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: tests look at the text.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  return {
    runtime,
    logs: logs as LogCapture,
    answers,
    api,
    url: (context: string) => server.url(context),
    keys: runtime.get(KeyService),
    dids: runtime.get(DidService),
    resolver: runtime.get(DidResolver),
    secrets: runtime.get(SecretStore),
    db: runtime.get(Database),
    credentials: runtime.get(CredentialStore),
    sts: runtime.get(SecureTokenService),
    identity: runtime.get(DspIdentityService),
  };
}

export type IdentityRuntime = Awaited<ReturnType<typeof startIdentityRuntime>>;

/** A loopback HTTP server whose handler the test writes; closed when the test ends. */
export async function startLocalServer(t: Test, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, port };
}
