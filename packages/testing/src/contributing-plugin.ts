import { type AnyPlugin, definePlugin, type ExtensionPoint } from '@tdss/sdk';

/** A plugin that contributes `values` to one extension point and does nothing else: a test's stand-in for a real contributor. */
export function contributingPlugin<T>(name: string, point: ExtensionPoint<T>, ...values: T[]): AnyPlugin {
  return definePlugin({
    name,
    version: '0.0.0',
    contributes: [point],
    register(ctx) {
      for (const value of values) ctx.contribute(point, value);
    },
  });
}
