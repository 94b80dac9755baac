import {
  type AnyPlugin,
  createExtensionPoint,
  createServiceToken,
  definePlugin,
  Health,
  Logger,
  Metrics,
  type PluginDefinition,
  RuntimeInfo,
  type StartContext,
  TdssError,
  Type,
} from '@tdss/sdk';
import t from 'tap';
import { createRuntime } from './runtime.ts';

const A = createServiceToken<string>('test.A', { description: 'service a' });
const B = createServiceToken<string>('test.B', { description: 'service b' });
const Routes = createExtensionPoint<string>('test.Routes', { description: 'routes' });

const plugin = (definition: Omit<PluginDefinition<undefined>, 'version'>): AnyPlugin => definePlugin({ version: '1.0.0', ...definition });

function runtimeOf(...plugins: AnyPlugin[]) {
  return createRuntime({ plugins: plugins.map((p) => ({ plugin: p })), logDestination: { write: () => undefined } });
}

/** Runs `use` in the start phase of a plugin and returns what it threw. */
async function thrownInStart(definition: Omit<PluginDefinition<undefined>, 'version' | 'start'>, use: (ctx: StartContext<unknown>) => void) {
  let thrown: unknown;
  const runtime = runtimeOf(
    plugin({
      ...definition,
      start(ctx) {
        try {
          use(ctx);
        } catch (error) {
          thrown = error;
        }
      },
    }),
  );
  await runtime.start();
  await runtime.stop();
  return thrown as TdssError | undefined;
}

t.test('get of an undeclared service names the plugin and says to add it to requires', async (t) => {
  const error = await thrownInStart({ name: 'nosy' }, (ctx) => ctx.get(A));
  t.ok(error instanceof TdssError);
  t.match(error, { code: 'KERNEL_UNDECLARED', plugin: 'nosy', message: 'plugin nosy used service test.A without declaring it', hint: 'add it to `requires` in the plugin definition' });
});

t.test('getOptional of an undeclared service says to add it to optional', async (t) => {
  const error = await thrownInStart({ name: 'nosy' }, (ctx) => ctx.getOptional(A));
  t.match(error, { code: 'KERNEL_UNDECLARED', plugin: 'nosy', hint: 'add it to `optional` in the plugin definition' });
});

t.test('provide of an undeclared service says to add it to provides', async (t) => {
  const error = await thrownInStart({ name: 'eager' }, (ctx) => ctx.provide(A, 'a'));
  t.match(error, { code: 'KERNEL_UNDECLARED', plugin: 'eager', message: 'plugin eager used service test.A without declaring it', hint: 'add it to `provides` in the plugin definition' });
});

t.test('contribute to an undeclared extension point says to add it to contributes', async (t) => {
  const error = await thrownInStart({ name: 'eager' }, (ctx) => ctx.contribute(Routes, '/x'));
  t.match(error, {
    code: 'KERNEL_UNDECLARED',
    plugin: 'eager',
    message: 'plugin eager used extension point test.Routes without declaring it',
    hint: 'add it to `contributes` in the plugin definition',
  });
});

t.test('an undeclared use in register fails start-up naming the plugin and the fix', async (t) => {
  const runtime = runtimeOf(plugin({ name: 'eager', register: (ctx) => ctx.provide(A, 'a') }));
  await t.rejects(runtime.start(), {
    code: 'KERNEL_START_FAILED',
    plugin: 'eager',
    message: /^plugin eager failed to start: \[eager\] plugin eager used service test\.A without declaring it\n {2}→ add it to `provides`/,
  });
});

t.test('declared services are reachable: required, optional, and the own ones', async (t) => {
  const seen: unknown[] = [];
  const runtime = runtimeOf(
    plugin({ name: 'a', provides: [A], register: (ctx) => ctx.provide(A, 'value a') }),
    plugin({
      name: 'user',
      provides: [B],
      requires: [A],
      optional: [createServiceToken('test.Nobody', { description: 'unprovided' })],
      register: (ctx) => ctx.provide(B, 'value b'),
      start(ctx) {
        seen.push(ctx.get(A), ctx.get(B), ctx.getOptional(createServiceToken('test.Nobody', { description: 'unprovided' })));
      },
    }),
  );
  await runtime.start();
  await runtime.stop();
  t.same(seen, ['value a', 'value b', undefined]);
});

t.test('get of an optional service that is absent says to use getOptional', async (t) => {
  const error = await thrownInStart({ name: 'hopeful', optional: [A] }, (ctx) => ctx.get(A));
  t.match(error, { code: 'KERNEL_NOT_PROVIDED', plugin: 'hopeful', hint: 'it is optional: use getOptional()' });
});

t.test('services are reachable while stopping, since dependents stop first', async (t) => {
  let inStop: unknown;
  const runtime = runtimeOf(
    plugin({ name: 'a', provides: [A], register: (ctx) => ctx.provide(A, 'value a') }),
    plugin({ name: 'user', requires: [A], stop: (ctx) => void (inStop = ctx.get(A)) }),
  );
  await runtime.start();
  await runtime.stop();
  t.equal(inStop, 'value a');
});

t.test('kernel services are there for every plugin without declaring them', async (t) => {
  const seen: Record<string, unknown> = {};
  const runtime = createRuntime({
    runtime: { name: 'kernel-test' },
    plugins: [
      {
        plugin: plugin({
          name: 'plain',
          start(ctx) {
            seen.logger = typeof ctx.get(Logger).info;
            seen.metrics = typeof ctx.get(Metrics).metrics;
            seen.runtime = ctx.get(RuntimeInfo).name;
            seen.health = typeof ctx.get(Health).readiness;
          },
        }),
      },
    ],
    logDestination: { write: () => undefined },
  });
  await runtime.start();
  await runtime.stop();
  t.same(seen, { logger: 'function', metrics: 'function', runtime: 'kernel-test', health: 'function' });
});

t.test('a plugin that declares a service and never provides it fails start-up naming both', async (t) => {
  const stopped: string[] = [];
  const runtime = runtimeOf(
    plugin({ name: 'before', stop: () => void stopped.push('before') }),
    plugin({ name: 'forgetful', provides: [A], stop: () => void stopped.push('forgetful') }),
  );
  await t.rejects(runtime.start(), {
    code: 'KERNEL_START_FAILED',
    plugin: 'forgetful',
    message: /^plugin forgetful failed to start: \[forgetful\] plugin forgetful declares it provides test\.A but did not provide it\n {2}→ call ctx\.provide\(\) for it in register\(\) or start\(\)/,
  });
  t.same(stopped, ['forgetful', 'before'], 'it had started, so it is stopped too');
});

t.test('a service may be provided in start', async (t) => {
  const runtime = runtimeOf(plugin({ name: 'late', provides: [A], start: (ctx) => ctx.provide(A, 'late a') }));
  await runtime.start();
  t.equal(runtime.get(A), 'late a');
  await runtime.stop();
});

t.test('providing a service twice is refused', async (t) => {
  const error = await thrownInStart({ name: 'twice', provides: [A], register: (ctx) => ctx.provide(A, 'one') }, (ctx) => ctx.provide(A, 'two'));
  t.match(error, { code: 'KERNEL_DUPLICATE_BINDING', plugin: 'twice', message: 'plugin twice provided test.A twice' });
});

t.test('a replaced default is not bound, and its plugin runs for its other services', async (t) => {
  let started = false;
  const runtime = runtimeOf(
    plugin({
      name: 'embedded',
      provides: [{ token: A, default: true }, B],
      register(ctx) {
        ctx.provide(A, 'embedded a');
        ctx.provide(B, 'embedded b');
      },
      start: () => void (started = true),
    }),
    plugin({ name: 'real', provides: [A], register: (ctx) => ctx.provide(A, 'real a') }),
  );
  await runtime.start();
  t.ok(started);
  t.equal(runtime.get(A), 'real a');
  t.equal(runtime.get(B), 'embedded b');
  await runtime.stop();
});

t.test('contributions come back in plugin start order, whichever phase added them', async (t) => {
  const seenInStart: string[][] = [];
  const runtime = runtimeOf(
    plugin({ name: 'reader', start: (ctx) => void seenInStart.push(ctx.contributions(Routes)) }),
    plugin({ name: 'a', contributes: [Routes], start: (ctx) => ctx.contribute(Routes, 'a in start') }),
    plugin({
      name: 'b',
      contributes: [Routes],
      register(ctx) {
        ctx.contribute(Routes, 'b first');
        ctx.contribute(Routes, 'b second');
      },
    }),
    plugin({ name: 'c', contributes: [Routes], register: (ctx) => ctx.contribute(Routes, 'c in register') }),
  );
  await runtime.start();
  t.same(runtime.contributions(Routes), ['a in start', 'b first', 'b second', 'c in register']);
  t.same(seenInStart, [['b first', 'b second', 'c in register']], 'a reader sees what registered before any start');
  await runtime.stop();
});

t.test('an extension point nobody contributed to reads as empty', async (t) => {
  const runtime = runtimeOf();
  await runtime.start();
  t.same(runtime.contributions(Routes), []);
  await runtime.stop();
});

t.test('the context carries identity, settings with defaults, and runtime info', async (t) => {
  let seen: Record<string, unknown> = {};
  const withSettings = definePlugin({
    name: 'configured',
    version: '3.1.4',
    settings: Type.Object({ greeting: Type.String({ default: 'hi', description: 'd' }), loud: Type.Boolean({ default: false, description: 'd' }) }),
    start(ctx) {
      seen = { plugin: ctx.plugin, settings: ctx.settings, runtime: ctx.runtime.name };
    },
  });
  const runtime = createRuntime({ plugins: [{ plugin: withSettings, settings: { loud: true } }], logDestination: { write: () => undefined } });
  await runtime.start();
  await runtime.stop();
  t.same(seen, { plugin: { name: 'configured', version: '3.1.4' }, settings: { loud: true, greeting: 'hi' }, runtime: 'tdss' });
});
