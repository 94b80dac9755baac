/**
 * Opens one server per distinct host and port; the contexts that share it are told apart by
 * path. A port that cannot be bound fails start-up, after closing the servers already opened.
 */
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { ResolvedContext } from '../settings/resolve-contexts.ts';
import { createDrainableServer, type DrainableServer } from './drainable-server.ts';

export interface Listeners {
  /** The port each context is really bound to (differs from the setting when it was 0). */
  port(context: string): number | undefined;
  close(drainTimeoutMs: number): Promise<void>;
}

export async function openListeners(
  contexts: readonly ResolvedContext[],
  listenerFor: (group: readonly ResolvedContext[]) => RequestListener,
): Promise<Listeners> {
  const groups = new Map<string, ResolvedContext[]>();
  for (const context of contexts) {
    const key = `${context.host}|${context.port}`;
    groups.set(key, [...(groups.get(key) ?? []), context]);
  }
  const opened: DrainableServer[] = [];
  const ports = new Map<string, number>();
  const close = (drainTimeoutMs: number) => Promise.all(opened.map((s) => s.drain(drainTimeoutMs))).then(() => undefined);
  try {
    for (const group of groups.values()) {
      const drainable = createDrainableServer(listenerFor(group));
      await listen(drainable, group);
      opened.push(drainable);
      const { port } = drainable.server.address() as AddressInfo;
      for (const context of group) ports.set(context.name, port);
    }
  } catch (error) {
    await close(0);
    throw error;
  }
  return { port: (context) => ports.get(context), close };
}

function listen(drainable: DrainableServer, group: readonly ResolvedContext[]): Promise<void> {
  const { host, port } = group[0]!;
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      const names = group.map((c) => c.name).join(', ');
      reject(
        new TdssError(`cannot listen on ${host}:${port} for context(s) ${names}: ${error.message}`, {
          code: 'HTTP_LISTEN_FAILED',
          plugin: PLUGIN_NAME,
          cause: error,
          hint: 'choose a free port (the plugin setting `port`, or `contexts.<name>.port`) or stop the process that holds it',
        }),
      );
    };
    drainable.server.once('error', onError);
    drainable.server.listen({ host, port }, () => {
      drainable.server.off('error', onError);
      resolve();
    });
  });
}
