/**
 * Create-or-replace and read-modify-replace with optimistic concurrency: every replace carries the
 * resourceVersion it read, so two replicas (or a retry racing its predecessor) never overwrite each
 * other blindly; a 409 (AlreadyExists on create, Conflict on replace) reads again and retries.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { kubernetesError, type ObjectRef, statusOf } from './kubernetes-error.ts';
import type { ObjectApi } from './object-api.ts';

const CONFLICT_ATTEMPTS = 5;

/** Reads an object; undefined when it does not exist. */
export async function readObject<T extends KubernetesObject>(api: ObjectApi<T>, ref: ObjectRef): Promise<T | undefined> {
  try {
    return await api.read(ref.name, ref.namespace ?? '');
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw kubernetesError('read', { ...ref, kind: api.kind }, error);
  }
}

/**
 * Makes the object `desired` or replaces the one there with it. `keep` carries over what the
 * server owns in the existing object (a Service's cluster IP) or what must survive (a suspension).
 */
export function createOrReplace<T extends KubernetesObject>(
  api: ObjectApi<T>,
  desired: T,
  keep: (existing: T, desired: T) => T = (_existing, wanted) => wanted,
): Promise<T> {
  const ref = refOf(api, desired);
  const namespace = ref.namespace ?? '';
  return withConflictRetry(async () => {
    const existing = await readObject(api, ref);
    if (existing === undefined) return write('create', ref, () => api.create(desired, namespace));
    const replacement = keep(existing, desired);
    const body = { ...replacement, metadata: { ...replacement.metadata, resourceVersion: existing.metadata?.resourceVersion } };
    return write('replace', ref, () => api.replace(ref.name, body, namespace));
  });
}

/**
 * Changes an existing object with `change`, which answers undefined when the object is as wanted
 * already; resolves to false when there is no such object.
 */
export function modifyObject<T extends KubernetesObject>(api: ObjectApi<T>, ref: ObjectRef, change: (existing: T) => T | undefined): Promise<boolean> {
  return withConflictRetry(async () => {
    const existing = await readObject(api, ref);
    if (existing === undefined) return false;
    const changed = change(existing);
    if (changed !== undefined) await write('replace', ref, () => api.replace(ref.name, changed, ref.namespace ?? ''));
    return true;
  });
}

async function write<R>(verb: string, ref: ObjectRef, call: () => Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (error) {
    throw kubernetesError(verb, ref, error);
  }
}

/** Runs `attempt` again from its read while a write of it meets a conflict. */
async function withConflictRetry<R>(attempt: () => Promise<R>): Promise<R> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(tries < CONFLICT_ATTEMPTS && error instanceof Error && statusOf(error.cause) === 409)) throw error;
    }
  }
}

function refOf<T extends KubernetesObject>(api: ObjectApi<T>, object: T): ObjectRef {
  const { name, namespace } = object.metadata ?? {};
  if (name === undefined) throw new TypeError(`a ${api.kind} manifest without a name`);
  return { kind: api.kind, name, ...(namespace === undefined ? {} : { namespace }) };
}
