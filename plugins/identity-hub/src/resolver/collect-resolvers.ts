import { TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { DidMethodResolver } from './did-resolver.ts';

/** The built-ins, each replaced by a contribution for its method; two contributions for one method clash. */
export function collectResolvers(builtIn: readonly DidMethodResolver[], contributed: readonly DidMethodResolver[]): DidMethodResolver[] {
  const byMethod = new Map<string, DidMethodResolver>();
  for (const resolver of contributed) {
    if (byMethod.has(resolver.method)) {
      throw new TdssError(`two plugins contribute a DID resolver for did:${resolver.method}`, {
        code: 'IDENTITY_DUPLICATE_RESOLVER',
        plugin: PLUGIN_NAME,
        hint: `keep one plugin that resolves did:${resolver.method} in the profile`,
      });
    }
    byMethod.set(resolver.method, resolver);
  }
  for (const resolver of builtIn) if (!byMethod.has(resolver.method)) byMethod.set(resolver.method, resolver);
  return [...byMethod.values()];
}
