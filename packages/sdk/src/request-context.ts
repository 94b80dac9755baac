/**
 * The request (or job) a piece of work belongs to, carried across awaits so that every log line
 * and metric can name its request id and tenant without threading them through every call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestScope {
  requestId: string;
  /** Set once the request has been routed to a tenant (participant context). */
  tenantId?: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Marks the current request as acting for a tenant; later log lines carry its id. */
export function setRequestTenant(tenantId: string): void {
  const scope = storage.getStore();
  if (scope) scope.tenantId = tenantId;
}
