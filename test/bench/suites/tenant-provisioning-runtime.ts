/**
 * The runtime of the tenant-provisioning bench: PostgreSQL, the embedded secret store, HTTP with
 * the operator token of management-auth, the control plane, the identity hub, the workflow engine,
 * the tenant manager and the local provisioner, each with its default settings (key pair and
 * did:web, participant context, secret, local infrastructure, and whatever steps the tenant
 * manager runs by default), plus a bench-only plugin with a no-op activity for the bare-engine
 * baseline.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import controlPlane from '@tdss/control-plane';
import http from '@tdss/http';
import identityHub from '@tdss/identity-hub';
import { createRuntime, type Runtime } from '@tdss/kernel';
import managementAuth from '@tdss/management-auth';
import provisionerLocal from '@tdss/provisioner-local';
import { definePlugin } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import tenantManager from '@tdss/tenant-manager';
import workflow, { WorkflowActivities } from '@tdss/workflow';

export const NO_OP_ACTIVITY = 'bench.no-op';

const noOpActivity = definePlugin({
  name: 'bench-no-op-activity',
  version: '1.0.0',
  contributes: [WorkflowActivities],
  register(ctx) {
    ctx.contribute(WorkflowActivities, { type: NO_OP_ACTIVITY, execute: async () => ({}), compensate: async () => {} });
  },
});

export interface TenantBenchRuntime {
  runtime: Runtime;
  adminToken: string;
  stop(): Promise<void>;
}

export async function startTenantBenchRuntime(databaseUrl: string): Promise<TenantBenchRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tdss-bench-tenants-'));
  const adminToken = randomBytes(24).toString('hex');
  const keyEnv = `TDSS_BENCH_SECRETS_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = randomBytes(32).toString('base64');
  const runtime = createRuntime({
    runtime: { name: 'bench-tenants', dataDir, logLevel: 'warn' },
    // stdout carries the bench's JSON result.
    logDestination: process.stderr,
    plugins: [
      { plugin: http, settings: { port: 0 } },
      { plugin: managementAuth, settings: { adminToken } },
      { plugin: storeSql, settings: { dialect: 'postgresql', url: databaseUrl } },
      { plugin: secretsLocal, settings: { keyEnv } },
      { plugin: controlPlane },
      // One dataspace without an issuer: a tenant's credentials step has nothing to request.
      { plugin: identityHub, settings: { dataspaces: [{ name: 'local', trustedIssuers: [], requiredCredentialTypes: [] }] } },
      { plugin: workflow },
      { plugin: tenantManager },
      { plugin: provisionerLocal },
      { plugin: noOpActivity },
    ],
  });
  await runtime.start();
  return {
    runtime,
    adminToken,
    async stop() {
      await runtime.stop();
      delete process.env[keyEnv];
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
