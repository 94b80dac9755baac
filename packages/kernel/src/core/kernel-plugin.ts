/**
 * The kernel's own services, presented as the first plugin of every runtime so that they go
 * through the same graph as everything else.
 */
import { definePlugin, Health, HealthChecks, Logger, Metrics, RuntimeInfo } from '@tdss/sdk';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createHealth } from './create-health.ts';

export const KERNEL_PLUGIN_NAME = '@tdss/kernel';

export interface KernelServices {
  logger: Logger;
  info: RuntimeInfo;
}

/** `services` is filled in by the runtime before the plugin registers. */
export function createKernelPlugin(services: Partial<KernelServices>) {
  return definePlugin({
    name: KERNEL_PLUGIN_NAME,
    version: '0.1.0',
    description: 'Logger, metrics registry, health and runtime information.',
    provides: [Logger, Metrics, RuntimeInfo, Health],
    register(ctx) {
      const metrics = new Registry();
      const { logger, info } = services as KernelServices;
      metrics.setDefaultLabels({ runtime: info.name });
      collectDefaultMetrics({ register: metrics });
      ctx.provide(Logger, logger);
      ctx.provide(Metrics, metrics);
      ctx.provide(RuntimeInfo, info);
    },
    start(ctx) {
      ctx.provide(
        Health,
        createHealth(
          () => (services as KernelServices).info.state,
          () => ctx.contributions(HealthChecks),
        ),
      );
    },
  });
}

/** Tokens every plugin may use without declaring them. */
export const KERNEL_TOKENS = new Set([Logger.id, Metrics.id, RuntimeInfo.id, Health.id]);
