/**
 * Test support (not part of the plugin's API): runtimes with HTTP, the SQL store, shared-secret
 * DSP identities, the policy engine and the control plane, plus a test plugin contributing
 * in-process data planes (DPS, @tdss/dataplane-sdk) that record every call, and a start guard;
 * agreements seeded in both participant contexts; polling helpers that tolerate a loaded machine.
 */
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Agreement } from '@tdss/json-ld';
import type { PluginEntry, Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { definePlugin, DspIdentityService, HttpServer } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, type LogCapture, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import controlPlane from '../../index.ts';
import { DSP_VERSION } from '../../protocol/dsp-paths.ts';
import { ContractAgreements, ParticipantContexts } from '../../tokens.ts';
import { createDataPlane, type DataAddress as DpsDataAddress, type DataFlow, type DataPlane } from '@tdss/dataplane-sdk';
import { LocalDataPlanes } from '../../data-plane/data-plane-tokens.ts';
import type { TransferProcess } from '../transfer-process.ts';
import { TransferProcesses, TransferStartGuards } from '../transfer-process-tokens.ts';
import type { TransferProcessState } from '../transfer-states.ts';

export const SECRET = 'transfer-tests-shared-secret-0123456789';
export const PULL = 'HttpData-PULL';
export const PUSH = 'HttpData-PUSH';

export interface FlowCall {
  method: 'start' | 'suspend' | 'resume' | 'complete' | 'terminate';
  flow: DataFlow;
}

/** A data plane of the test runtime (DPS in-process) that records the calls its handlers get. */
export interface RecordingDataPlane extends DataPlane {
  readonly calls: FlowCall[];
  /** Calls for one transfer process (= data flow id), in order. */
  callsOf(transferProcessId: string): FlowCall['method'][];
  /** Makes the next `count` calls of `method` throw `error` (a retryable Error unless given; a 4xx ProblemError is final). */
  failNext(method: FlowCall['method'], count: number, error?: Error): void;
}

/** A data plane serving one transfer type; pull flows hand out an address with a per-call token. */
export function recordingDataPlane(transferType: string, flow: 'PULL' | 'PUSH', options: { id?: string; onCall?: (call: FlowCall) => void } = {}): RecordingDataPlane {
  const calls: FlowCall[] = [];
  const failures = new Map<string, { count: number; error: Error }>();
  let tokens = 0;
  const record = (method: FlowCall['method'], f: DataFlow) => {
    const failure = failures.get(method);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      throw failure.error;
    }
    calls.push({ method, flow: f });
    options.onCall?.({ method, flow: f });
  };
  const address = (f: DataFlow): DpsDataAddress => ({
    endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
    endpoint: `https://data.example/flows/${encodeURIComponent(f.id)}`,
    endpointProperties: [
      { name: 'authorization', value: `secret-token-${++tokens}` },
      { name: 'authType', value: 'bearer' },
    ],
  });
  const plane = createDataPlane({
    id: options.id ?? `recording-${transferType}`,
    transferTypes: [{ profile: transferType, flow }],
    async onStart(f) {
      record('start', f);
      return flow === 'PULL' ? { dataAddress: address(f) } : {};
    },
    async onSuspend(f) {
      record('suspend', f);
    },
    async onResume(f) {
      record('resume', f);
      return flow === 'PULL' ? { dataAddress: address(f) } : {};
    },
    async onCompleted(f) {
      record('complete', f);
    },
    async onTerminate(f) {
      record('terminate', f);
    },
  });
  return Object.assign(plane, {
    calls,
    callsOf: (processId: string) => calls.filter((call) => call.flow.id === processId).map((call) => call.method),
    failNext(method: FlowCall['method'], count: number, error: Error = new Error(`${method} failed on purpose`)) {
      failures.set(method, { count, error });
    },
  });
}

export interface TransferPluginsOptions {
  store: DialectSettings;
  dataPlanes?: readonly DataPlane[];
  /** Agreement ids whose requests a provider holds in REQUESTED. */
  held?: ReadonlySet<string>;
  /** `transferProcess` settings of the control plane; fast retries unless given. */
  transferProcess?: Record<string, unknown>;
  /** The HTTP port of every context; a free one unless given. */
  port?: number;
  /** The protocol context's public URL, e.g. a proxy in front of it. */
  protocolUrl?: string;
}

export interface TransferRuntimeOptions extends TransferPluginsOptions {
  name: string;
  /** Participant contexts to create: id → participant id. */
  participants: Record<string, string>;
  /** Every log line at debug level and above goes here. */
  logs?: LogCapture;
}

export interface TransferRuntime {
  runtime: Runtime;
  transfers: TransferProcesses;
  protocolUrl: string;
  managementUrl: string;
  /** The DSP 2025-1 base of a participant context of this runtime. */
  dspBase(participantContextId: string): string;
  /** Records an agreement in a participant context, as a finished negotiation would. */
  addAgreement(participantContextId: string, agreement: Agreement): Promise<void>;
  /** An Authorization header for a DSP request from `from` to participant `to` (any participant id: the secret is shared). */
  authorization(from: string, to: string): Promise<string>;
}

export const FAST_TRANSFERS = {
  stateMachine: { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 3, jitter: 0 } },
  requestTimeoutMs: 5_000,
};

/** The plugins of a transfer test runtime, also for a runtime in a child process. */
export function transferPlugins(options: TransferPluginsOptions): PluginEntry[] {
  const held = options.held ?? new Set<string>();
  const testPlugin = definePlugin({
    name: 'transfer-test-data-plane',
    version: '1.0.0',
    contributes: [LocalDataPlanes, TransferStartGuards],
    register(ctx) {
      for (const plane of options.dataPlanes ?? []) ctx.contribute(LocalDataPlanes, plane);
      ctx.contribute(TransferStartGuards, { hold: (process: TransferProcess) => held.has(process.agreementId) });
    },
  });
  const protocol = options.protocolUrl ? { contexts: { protocol: { publicUrl: options.protocolUrl } } } : {};
  return [
    { plugin: http, settings: { port: options.port ?? 0, ...protocol } },
    { plugin: storeSql, settings: options.store },
    { plugin: identityDev, settings: { secret: SECRET } },
    { plugin: policyEngine },
    { plugin: controlPlane, settings: { transferProcess: options.transferProcess ?? FAST_TRANSFERS } },
    { plugin: testPlugin },
  ];
}

export async function startTransferRuntime(t: Test, options: TransferRuntimeOptions): Promise<TransferRuntime> {
  const logging = options.logs ? { logLevel: 'debug' as const, logDestination: options.logs } : {};
  const runtime = await startTestRuntime(t, { name: options.name, plugins: transferPlugins(options), ...logging });
  const contexts = runtime.get(ParticipantContexts);
  for (const [id, participantId] of Object.entries(options.participants)) await contexts.create({ id, participantId });
  const protocolUrl = runtime.get(HttpServer).url('protocol');
  const agreements = runtime.get(ContractAgreements);
  return {
    runtime,
    transfers: runtime.get(TransferProcesses),
    protocolUrl,
    managementUrl: runtime.get(HttpServer).url('management'),
    dspBase: (id) => `${protocolUrl}/${encodeURIComponent(id)}/${DSP_VERSION}`,
    addAgreement: async (id, agreement) => void (await agreements.create(id, agreement)),
    authorization: (from, to) =>
      runtime.get(DspIdentityService).authorize({ participantContextId: 'test', participantId: from, counterpartyId: to, counterpartyAddress: protocolUrl }),
  };
}

/** A DSP 2025-1 Agreement of `provider` with `consumer` for `target`; permits `use` unless rules are given. */
export function agreement(id: string, provider: string, consumer: string, target: string, rules: Partial<Agreement> = {}): Agreement {
  return {
    '@id': id,
    '@type': 'Agreement',
    target,
    assigner: provider,
    assignee: consumer,
    timestamp: '2025-01-01T00:00:00Z',
    permission: [{ action: 'use' }],
    ...rules,
  } as Agreement;
}

/** Polls the process until its state is `state`; fails with the last state seen. Generous: other suites load the machine. */
export async function waitForState(
  transfers: TransferProcesses,
  participantContextId: string,
  id: string,
  state: TransferProcessState,
  timeoutMs = 30_000,
): Promise<TransferProcess> {
  const deadline = Date.now() + timeoutMs;
  let last: TransferProcess | undefined;
  while (Date.now() < deadline) {
    last = await transfers.get(participantContextId, id);
    if (last.state === state) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`transfer process ${id} of ${participantContextId} did not reach ${state} within ${timeoutMs} ms; it is ${last?.state} (${last?.errorDetail ?? 'no error detail'})`);
}

/** Polls until `check` holds; for side effects that follow a state (controller calls). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

/** A provider's process created by a consumer's request, found by the consumer's pid. */
export async function providerProcessOf(transfers: TransferProcesses, providerContextId: string, consumerPid: string): Promise<TransferProcess> {
  let found: TransferProcess | undefined;
  await eventually(`the provider's process for ${consumerPid}`, async () => {
    const page = await transfers.list(providerContextId, { offset: 0, limit: 500, filters: { role: 'PROVIDER' } });
    found = page.items.find((item) => item.consumerPid === consumerPid);
    return found !== undefined;
  });
  return found!;
}
