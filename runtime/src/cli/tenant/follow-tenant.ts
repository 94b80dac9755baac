/**
 * Follows a tenant's workflow by polling `GET /v1/tenants/{id}`: quickly while something moves,
 * backing off while nothing does. A runtime that stops answering for a while (a restart: the
 * workflow resumes where it was) is waited for until the deadline; Ctrl-C (the `interrupt`
 * signal) only stops the polling, never the workflow.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError } from './command-error.ts';
import type { ManagementClient } from './management-client.ts';
import type { ProgressView } from './progress-view.ts';
import { tenantPath } from './tenant-context.ts';
import type { TenantDetailsJson } from './tenant-json.ts';

export const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 2_000;
const BACK_OFF = 1.5;

export interface FollowOptions {
  /** The state the workflow leaves behind, e.g. PROVISIONING: following ends once the tenant is in another one. */
  whileState: string;
  timeoutMs: number;
  interrupt: AbortSignal;
  view: ProgressView;
}

export type FollowOutcome =
  | { outcome: 'settled'; tenant: TenantDetailsJson }
  | { outcome: 'timeout'; tenant: TenantDetailsJson | undefined }
  | { outcome: 'interrupted'; tenant: TenantDetailsJson | undefined };

export async function followTenant(client: ManagementClient, id: string, options: FollowOptions): Promise<FollowOutcome> {
  const { view, interrupt } = options;
  const deadline = Date.now() + options.timeoutMs;
  let tenant: TenantDetailsJson | undefined;
  let lastSeen = '';
  let delay = FIRST_POLL_MS;
  let lost = false;
  try {
    for (;;) {
      try {
        tenant = (await client.call<TenantDetailsJson>('GET', tenantPath(id))).body;
        if (lost) view.notice(`tenant ${id}: ${client.url} answers again`);
        lost = false;
        view.update(tenant);
        if (tenant.state !== options.whileState) return { outcome: 'settled', tenant };
        const seen = JSON.stringify([tenant.state, tenant.orchestration]);
        delay = seen === lastSeen ? Math.min(delay * BACK_OFF, MAX_POLL_MS) : FIRST_POLL_MS;
        lastSeen = seen;
      } catch (error) {
        if (!(error instanceof CommandError && error.transient) || Date.now() >= deadline) throw error;
        if (!lost) view.notice(`${error.message.split('\n')[0]}; retrying until the timeout`);
        lost = true;
        delay = MAX_POLL_MS;
      }
      const left = deadline - Date.now();
      if (left <= 0) return { outcome: 'timeout', tenant };
      try {
        await sleep(Math.min(delay, left), undefined, { signal: interrupt });
      } catch {
        return { outcome: 'interrupted', tenant };
      }
      if (interrupt.aborted) return { outcome: 'interrupted', tenant };
    }
  } finally {
    view.finish();
  }
}
