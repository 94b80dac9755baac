/**
 * Test helpers: a real runtime of store-sql, secrets-local, http (port 0), control plane,
 * identity hub, workflow and this plugin, and a client of the tenant API (unauthenticated on
 * loopback: these runtimes have no ManagementAccess provider). Not part of the build.
 */
import { randomBytes } from 'node:crypto';
import controlPlane from '@tdss/control-plane';
import http from '@tdss/http';
import identityHub from '@tdss/identity-hub';
import type { PluginEntry } from '@tdss/kernel';
import provisionerLocal from '@tdss/provisioner-local';
import { type AnyPlugin, HttpServer, isPlugin } from '@tdss/sdk';
import secrets from '@tdss/secrets-local';
import store from '@tdss/store-sql';
import { contributingPlugin, type DialectSettings, type LogCapture, startTestRuntime } from '@tdss/testing';
import workflow, { PermanentError, WorkflowActivities } from '@tdss/workflow';
import type { Test } from 'tap';
import tenantManager from '../index.ts';

/** An extra provisioning step that fails for good, standing in for a data plane that refuses the tenant. */
export const failingActivityPlugin: AnyPlugin = contributingPlugin('test-failing-activity', WorkflowActivities, {
  type: 'test.fail',
  async execute() {
    throw new PermanentError('the data plane refused the tenant');
  },
  async compensate() {},
});

/**
 * An extra provisioning step that records what it was run with, standing in for the identity
 * hub's credential request (which needs an issuer): which orchestration, and the dataspaces.
 */
export function recordingActivityPlugin(runs: Array<{ orchestration: string; dataspaces: unknown; did: unknown }>): AnyPlugin {
  return contributingPlugin('test-recording-activity', WorkflowActivities, {
    type: 'test.record',
    async execute(step) {
      runs.push({ orchestration: step.orchestration, dataspaces: step.input.dataspaces, did: (step.outputs.identity as { did?: string } | undefined)?.did });
      return { recorded: runs.length };
    },
    async compensate() {},
  });
}

export interface TenantRuntimeOptions {
  extraProvisioningActivities?: string[];
  /** Further settings of the tenant manager (retention, provisioner, ...). */
  tenantManager?: Record<string, unknown>;
  /** Further plugins, bare or with their settings. */
  plugins?: readonly (AnyPlugin | PluginEntry)[];
  /** Receives every log line, at debug level (e.g. to prove that no secret is logged). */
  logDestination?: LogCapture;
  /** The runtime's data folder (the local provisioner's tenant folders are below it); a temporary one when absent. */
  dataDir?: string;
}

/** Two dataspaces of the identity hub, both without an issuer: participants are proven by their DID keys alone. */
export const TEST_DATASPACES = [
  { name: 'local', participantContexts: [], trustedIssuers: [], requiredCredentialTypes: [] },
  { name: 'catena', trustedIssuers: [], requiredCredentialTypes: [] },
];

export async function startTenantRuntime(t: Test, database: DialectSettings, options: TenantRuntimeOptions = {}) {
  const keyEnv = `TDSS_TEST_TENANT_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = randomBytes(32).toString('base64');
  t.teardown(() => {
    delete process.env[keyEnv];
  });
  const runtime = await startTestRuntime(t, {
    ...(options.logDestination ? { logDestination: options.logDestination, logLevel: 'debug' as const } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    plugins: [
      { plugin: store, settings: database },
      { plugin: secrets, settings: { keyEnv } },
      { plugin: http, settings: { port: 0 } },
      { plugin: controlPlane },
      { plugin: identityHub, settings: { didWebHttpLoopback: true, dataspaces: TEST_DATASPACES } },
      { plugin: workflow, settings: { steps: { pollIntervalMs: 50, retry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 } } } },
      {
        plugin: tenantManager,
        settings: {
          retentionSweepIntervalMs: 50,
          ...(options.extraProvisioningActivities ? { extraProvisioningActivities: options.extraProvisioningActivities } : {}),
          ...options.tenantManager,
        },
      },
      { plugin: provisionerLocal },
      ...(options.plugins ?? []).map((entry) => (isPlugin(entry) ? { plugin: entry } : entry)),
    ],
  });
  const server = runtime.get(HttpServer);
  const tenantsUrl = `${server.url('management')}/v1/tenants`;

  /** Calls the tenant API. */
  async function api(method: string, path = '', body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${tenantsUrl}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** Polls the tenant until it is in one of `states` (10 s at most). */
  async function waitForTenant(id: string, states: string[]) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await api('GET', `/${id}`);
      if (states.includes(body.state)) return body;
      if (Date.now() > deadline) throw new Error(`tenant ${id} stayed ${body.state} (${JSON.stringify(body.orchestration)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return { runtime, server, api, waitForTenant };
}

export type TenantRuntime = Awaited<ReturnType<typeof startTenantRuntime>>;
