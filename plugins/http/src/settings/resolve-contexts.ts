/**
 * Turns settings into one fully specified description per context, so that nothing downstream
 * has to know about inheritance from the top-level settings.
 */
import { API_CONTEXTS, TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { HttpSettings } from './http-settings.ts';

export interface ResolvedContext {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** `` for the root, else `/segment[/segment...]`. */
  readonly path: string;
  /** Without a trailing slash. */
  readonly publicUrl: string | undefined;
  readonly maxBodyBytes: number;
}

interface ContextOverrides {
  host?: string;
  port?: number;
  path?: string;
  publicUrl?: string;
  maxBodyBytes?: number;
}

export function resolveContexts(settings: HttpSettings): ResolvedContext[] {
  const overrides = settings.contexts as Record<string, ContextOverrides>;
  const names = [...new Set([...API_CONTEXTS, ...Object.keys(overrides)])];
  const contexts = names.map((name): ResolvedContext => {
    const own = overrides[name] ?? {};
    const path = own.path ?? `/${name}`;
    const publicUrl = own.publicUrl ?? (settings.publicUrl === undefined ? undefined : `${settings.publicUrl.replace(/\/+$/, '')}${path}`);
    return {
      name,
      host: own.host ?? settings.host,
      port: own.port ?? settings.port,
      path,
      publicUrl: publicUrl?.replace(/\/+$/, ''),
      maxBodyBytes: own.maxBodyBytes ?? settings.maxBodyBytes,
    };
  });
  checkDistinctPaths(contexts, settings.listen);
  return contexts;
}

/** Two contexts behind one listener with one path could never both be reached. */
function checkDistinctPaths(contexts: ResolvedContext[], listen: boolean): void {
  const seen = new Map<string, ResolvedContext>();
  for (const context of contexts) {
    const key = listen ? `${context.host}|${context.port}|${context.path}` : context.path;
    const other = seen.get(key);
    if (other) {
      throw new TdssError(
        `contexts ${other.name} and ${context.name} both use path "${context.path}"${listen ? ` on ${context.host}:${context.port}` : ''}`,
        {
          code: 'HTTP_CONTEXT_CLASH',
          plugin: PLUGIN_NAME,
          hint: `give one of them another path or port in the plugin settings (contexts.${context.name}.path or .port)`,
        },
      );
    }
    seen.set(key, context);
  }
}
