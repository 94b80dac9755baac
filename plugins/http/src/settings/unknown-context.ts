import { type HttpRoutes, TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { ResolvedContext } from './resolve-contexts.ts';

export function unknownContext(name: string, contexts: readonly ResolvedContext[]): TdssError {
  return new TdssError(`unknown API context "${name}"; known contexts: ${contexts.map((c) => c.name).join(', ')}`, {
    code: 'HTTP_UNKNOWN_CONTEXT',
    plugin: PLUGIN_NAME,
    hint: `use one of the known contexts, or add "${name}" to the ${PLUGIN_NAME} settings under \`contexts\``,
  });
}

/** A router contributed to a context nobody serves would silently never answer: refuse to start. */
export function checkKnownContexts(routes: readonly HttpRoutes[], contexts: readonly ResolvedContext[]): void {
  for (const route of routes) {
    if (!contexts.some((c) => c.name === route.context)) throw unknownContext(route.context, contexts);
  }
}
