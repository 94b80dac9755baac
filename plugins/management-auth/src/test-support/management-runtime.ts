/**
 * Test helpers: the tenant manager's test runtime (store-sql on SQLite, secrets, http, control
 * plane, identity hub, workflow, tenant manager) plus this plugin, every log line captured, and a
 * client of the management API that says which credentials it sends. Not part of the build.
 */
import { join } from 'node:path';
import { createLogCapture, createTempDir } from '@tdss/testing';
import type { Test } from 'tap';
import { startTenantRuntime } from '../../../tenant-manager/src/test-support/tenant-runtime.ts';
import managementAuth from '../index.ts';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export async function startManagementRuntime(t: Test, settings: Record<string, unknown> = { adminToken: OPERATOR_TOKEN }) {
  const logs = createLogCapture();
  const database = { dialect: 'sqlite' as const, file: join(await createTempDir(t, 'tdss-auth-'), 'test.sqlite') };
  const { runtime, server } = await startTenantRuntime(t, database, { plugins: [{ plugin: managementAuth, settings }], logDestination: logs });
  const base = server.url('management');

  /** Calls the management API with `token` as bearer (none when undefined). */
  async function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<ApiResponse> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined, text };
  }

  /** Creates a tenant as the operator and waits until it is ACTIVE (10 s at most). */
  async function activeTenant(id: string): Promise<void> {
    const created = await call('POST', '/v1/tenants', OPERATOR_TOKEN, { id, name: id });
    if (created.status !== 201) throw new Error(`tenant ${id}: ${created.status} ${created.text}`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await call('GET', `/v1/tenants/${id}`, OPERATOR_TOKEN);
      if (body.state === 'ACTIVE') return;
      if (Date.now() > deadline) throw new Error(`tenant ${id} stayed ${body.state}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Mints a tenant token as the operator. */
  async function mint(tenantId: string, request: Record<string, unknown> = {}): Promise<string> {
    const minted = await call('POST', `/v1/tenants/${tenantId}/tokens`, OPERATOR_TOKEN, request);
    if (minted.status !== 201) throw new Error(`mint for ${tenantId}: ${minted.status} ${minted.text}`);
    return minted.body.token as string;
  }

  return { runtime, base, call, logs, activeTenant, mint };
}
