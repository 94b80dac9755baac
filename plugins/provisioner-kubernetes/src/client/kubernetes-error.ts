/**
 * API server failures as errors an operator can act on: they name this plugin, the verb, the
 * object and the HTTP status with the server's own reason. Whatever waiting can fix (conflicts,
 * throttling, 5xx, an unreachable server) stays a plain error, retried by the workflow; the rest
 * (forbidden, invalid) is a PermanentError, since no retry changes RBAC or a manifest.
 */
import { ApiException } from '@kubernetes/client-node';
import { PermanentError } from '@tdss/workflow';
import { PLUGIN_NAME } from '../plugin-name.ts';

/** The object a call was about, for messages: `Deployment tdss-tenant-a/tdss-dataplane`. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

export function kubernetesError(verb: string, ref: ObjectRef, error: unknown): Error {
  const status = statusOf(error);
  const what = `${PLUGIN_NAME}: ${verb} ${describeRef(ref)}`;
  if (status === undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(`${what} failed: the Kubernetes API server did not answer (${reason})`, { cause: error });
  }
  const message = `${what} failed: HTTP ${status}${serverReason((error as ApiException<unknown>).body)}`;
  return isTransient(status) ? new Error(message, { cause: error }) : new PermanentError(message, { cause: error });
}

function isTransient(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

/** The `reason: message` of the Kubernetes Status in the body, when there is one. */
function serverReason(body: unknown): string {
  let status: unknown = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return '';
    }
  }
  if (typeof status !== 'object' || status === null) return '';
  const { reason, message } = status as { reason?: unknown; message?: unknown };
  const parts = [reason, message].filter((part): part is string => typeof part === 'string' && part.length > 0);
  return parts.length === 0 ? '' : ` (${parts.join(': ')})`;
}
