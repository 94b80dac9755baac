/**
 * The contexts a plugin gets in each phase. They only reach what the plugin declared, so the
 * graph the kernel sorted is the graph that really runs.
 */
import {
  type AnyExtensionPoint,
  type AnyServiceToken,
  type ExtensionPoint,
  type Logger,
  type RegisterContext,
  type RuntimeInfo,
  type ServiceToken,
  type StartContext,
  type StopContext,
  TdssError,
} from '@tdss/sdk';
import type { Container } from 'inversify';
import { KERNEL_TOKENS } from '../core/kernel-plugin.ts';
import type { PlannedPlugin } from '../plan/plan-plugins.ts';
import { addContribution, readContributions } from './contributions.ts';

export interface ContextDeps {
  container: Container;
  logger: Logger;
  info: RuntimeInfo;
  settings: unknown;
  /** The plugin's position in the start order; contributions are read back in it. */
  rank: number;
}

export function createPluginContext(planned: PlannedPlugin, deps: ContextDeps): StartContext<unknown> & StopContext<unknown> {
  const { plugin } = planned;
  const { container } = deps;
  const provides = new Set(planned.provides.map((t) => t.id));
  const replaced = new Map(planned.replaced.map((r) => [r.token.id, r.by]));
  const readable = new Set<symbol>([
    ...KERNEL_TOKENS,
    ...(plugin.requires ?? []).map((t: AnyServiceToken) => t.id),
    ...(plugin.optional ?? []).map((t: AnyServiceToken) => t.id),
    ...provides,
  ]);
  const contributes = new Set((plugin.contributes ?? []).map((p: AnyExtensionPoint) => p.id));
  const logger = deps.logger.child({ plugin: plugin.name });

  const undeclared = (what: string, name: string, field: string) =>
    new TdssError(`plugin ${plugin.name} used ${what} ${name} without declaring it`, {
      code: 'KERNEL_UNDECLARED',
      plugin: plugin.name,
      hint: `add it to \`${field}\` in the plugin definition`,
    });

  const context: StartContext<unknown> & StopContext<unknown> & RegisterContext<unknown> = {
    plugin: { name: plugin.name, version: plugin.version },
    settings: deps.settings,
    logger,
    runtime: deps.info,
    provide<T>(token: ServiceToken<T>, value: T) {
      if (replaced.has(token.id)) {
        logger.debug({ service: token.name, by: replaced.get(token.id) }, 'default service replaced; binding skipped');
        return;
      }
      if (!provides.has(token.id)) throw undeclared('service', token.name, 'provides');
      if (container.isBound(token.id)) {
        throw new TdssError(`plugin ${plugin.name} provided ${token.name} twice`, { code: 'KERNEL_DUPLICATE_BINDING', plugin: plugin.name });
      }
      container.bind(token.id).toConstantValue(value);
    },
    contribute<T>(point: ExtensionPoint<T>, value: T) {
      if (!contributes.has(point.id)) throw undeclared('extension point', point.name, 'contributes');
      addContribution(container, point, deps.rank, value);
    },
    lazy<T>(token: ServiceToken<T>): () => T {
      if (!readable.has(token.id)) throw undeclared('service', token.name, 'requires');
      return () => context.get(token);
    },
    lazyOptional<T>(token: ServiceToken<T>): () => T | undefined {
      if (!readable.has(token.id)) throw undeclared('service', token.name, 'optional');
      return () => context.getOptional(token);
    },
    get<T>(token: ServiceToken<T>): T {
      if (!readable.has(token.id)) throw undeclared('service', token.name, 'requires');
      if (!container.isBound(token.id)) {
        throw new TdssError(`plugin ${plugin.name} asked for ${token.name} before any plugin provided it`, {
          code: 'KERNEL_NOT_PROVIDED',
          plugin: plugin.name,
          hint: (plugin.optional ?? []).some((t: AnyServiceToken) => t.id === token.id)
            ? 'it is optional: use getOptional()'
            : 'its provider must bind it in register() or start()',
        });
      }
      return container.get<T>(token.id);
    },
    getOptional<T>(token: ServiceToken<T>): T | undefined {
      if (!readable.has(token.id)) throw undeclared('service', token.name, 'optional');
      return container.isBound(token.id) ? container.get<T>(token.id) : undefined;
    },
    contributions<T>(point: ExtensionPoint<T>): T[] {
      return readContributions(container, point);
    },
  };
  return context;
}
