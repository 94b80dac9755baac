/**
 * A data plane's end-to-end test runtime: HTTP, the SQL store, local secrets, shared-secret DSP
 * identities (identity-dev), the policy engine, the control plane with fast state machines and the
 * data plane under test, with participant contexts (a provider and a consumer unless told).
 * Port and key folder can be given, so that a second runtime on the same database takes over the
 * first one's state (a restart, a replica).
 */
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { PluginEntry, Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { type AnyPlugin, HttpServer, SecretStore } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import { createTempDir, type DialectSettings, type LogCapture, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';

export interface TestParticipant {
  context: string;
  participantId: string;
}

export const TEST_PROVIDER: TestParticipant = { context: 'provider', participantId: 'did:web:provider.example' };
export const TEST_CONSUMER: TestParticipant = { context: 'consumer', participantId: 'did:web:consumer.example' };

/** Polls every 50 ms, retries soon and gives up after five attempts, so that a test sees a transfer's end in seconds. */
export const FAST_STATE_MACHINE = { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, jitter: 0 } };

export interface DataPlaneTestRuntimeOptions {
  name: string;
  store: DialectSettings;
  /**
   * `@tdss/control-plane`'s plugin. Passed in because the control plane depends on this SDK, so
   * the SDK cannot import it; it runs with FAST_STATE_MACHINE for transfers and negotiations.
   */
  controlPlane: AnyPlugin;
  /** The data plane under test, with its settings. */
  dataPlane: PluginEntry;
  /** How long the control plane waits for a counterparty or a data plane. */
  requestTimeoutMs: number;
  /** Shared by the runtimes of one test, so that they accept each other's DSP tokens. */
  dspSecret: string;
  /** Fixed, so that a restarted runtime is found at the addresses handed out before; any free port unless given. */
  port?: number;
  /** The secrets of a runtime before; a fresh folder unless given. */
  keyDir?: string;
  /** Created through the management API; TEST_PROVIDER and TEST_CONSUMER unless given (none when they exist already, on the same database). */
  participants?: readonly TestParticipant[];
  /** Receives every log line, at debug level. */
  logs?: LogCapture;
}

export interface DataPlaneTestRuntime {
  runtime: Runtime;
  managementUrl: string;
  publicUrl: string;
  /** A participant context's DSP address. */
  dspBase(participantContextId: string): string;
  /** An asset of the participant context, through the management API. */
  createAsset(participantContextId: string, id: string, dataAddress: Record<string, unknown>): Promise<void>;
  putSecret(participantContextId: string, key: string, value: string): Promise<void>;
}

export async function startDataPlaneTestRuntime(t: Test, options: DataPlaneTestRuntimeOptions): Promise<DataPlaneTestRuntime> {
  const runtime = await startTestRuntime(t, {
    name: options.name,
    ...(options.logs ? { logLevel: 'debug' as const, logDestination: options.logs } : {}),
    plugins: [
      { plugin: http, settings: { port: options.port ?? 0 } },
      { plugin: storeSql, settings: options.store },
      { plugin: secretsLocal, settings: { keyEnv: 'TDSS_TEST_NEVER_SET', keyDir: options.keyDir ?? (await createTempDir(t, 'tdss-keys-')) } },
      { plugin: identityDev, settings: { secret: options.dspSecret } },
      { plugin: policyEngine },
      {
        plugin: options.controlPlane,
        settings: {
          transferProcess: { stateMachine: FAST_STATE_MACHINE, requestTimeoutMs: options.requestTimeoutMs },
          contractNegotiation: { machine: FAST_STATE_MACHINE, requestTimeoutMs: options.requestTimeoutMs },
        },
      },
      options.dataPlane,
    ],
  });
  const server = runtime.get(HttpServer);
  const managementUrl = server.url('management');
  const protocolUrl = server.url('protocol');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${managementUrl}/v1/participants${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  for (const { context, participantId } of options.participants ?? [TEST_PROVIDER, TEST_CONSUMER]) await post('', { id: context, participantId });
  return {
    runtime,
    managementUrl,
    publicUrl: server.url('public'),
    dspBase: (id) => `${protocolUrl}/${encodeURIComponent(id)}/2025-1`,
    createAsset: (participantContextId, id, dataAddress) => post(`/${encodeURIComponent(participantContextId)}/assets`, { '@id': id, properties: { name: id }, dataAddress }),
    putSecret: (participantContextId, key, value) => runtime.get(SecretStore).put(participantContextId, key, value),
  };
}
