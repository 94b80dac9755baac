import { type AnyPlugin, createServiceToken, definePlugin, Metrics, type PluginDefinition, TdssError } from '@tdss/sdk';
import t from 'tap';
import { ProfileError } from './profile-error.ts';
import { createRuntime, type RuntimeOptions } from './runtime.ts';

const A = createServiceToken<string>('test.A', { description: 'service a' });
const B = createServiceToken<string>('test.B', { description: 'service b' });
const Absent = createServiceToken<string>('test.Absent', { description: 'never there', providedBy: ['@acme/absent'] });

function setup(options: Partial<RuntimeOptions> = {}) {
  const calls: string[] = [];
  const lines: Array<Record<string, any>> = [];
  const recorded = (definition: Omit<PluginDefinition<undefined>, 'version'>): AnyPlugin =>
    definePlugin<undefined>({
      version: '1.0.0',
      ...definition,
      async register(ctx) {
        calls.push(`register ${definition.name} (${ctx.runtime.state})`);
        await definition.register?.(ctx);
      },
      async start(ctx) {
        calls.push(`start ${definition.name} (${ctx.runtime.state})`);
        await definition.start?.(ctx);
      },
      async stop(ctx) {
        calls.push(`stop ${definition.name} (${ctx.runtime.state})`);
        await definition.stop?.(ctx);
      },
      ...(definition.drain
        ? {
            async drain(ctx) {
              calls.push(`drain ${definition.name} (${ctx.runtime.state})`);
              await definition.drain!(ctx);
            },
          }
        : {}),
    });
  const build = (plugins: AnyPlugin[]) =>
    createRuntime({
      plugins: plugins.map((plugin) => ({ plugin })),
      logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
      ...options,
    });
  return { calls, lines, recorded, build };
}

t.test('every plugin registers before any starts; start follows dependencies, stop runs backwards', async (t) => {
  const { calls, recorded, build } = setup();
  const runtime = build([
    recorded({ name: 'c', requires: [B] }),
    recorded({ name: 'b', provides: [B], requires: [A], register: (ctx) => ctx.provide(B, 'b') }),
    recorded({ name: 'a', provides: [A], register: (ctx) => ctx.provide(A, 'a') }),
  ]);
  t.same(runtime.plugins.map((p) => p.plugin.name), ['@tdss/kernel', 'a', 'b', 'c']);
  await runtime.start();
  await runtime.ready;
  await runtime.stop();
  t.same(calls, [
    'register a (starting)',
    'register b (starting)',
    'register c (starting)',
    'start a (starting)',
    'start b (starting)',
    'start c (starting)',
    'stop c (stopping)',
    'stop b (stopping)',
    'stop a (stopping)',
  ]);
});

t.test('every started plugin drains, in reverse order, before any plugin stops', async (t) => {
  const { calls, recorded, build } = setup();
  const runtime = build([
    recorded({ name: 'a', provides: [A], register: (ctx) => ctx.provide(A, 'a'), drain: () => undefined }),
    recorded({ name: 'server', requires: [A], drain: (ctx) => void calls.push(`server still reaches ${ctx.get(A)}`) }),
    recorded({ name: 'quiet' }),
  ]);
  await runtime.start();
  await runtime.stop();
  t.same(calls.slice(6), [
    'drain server (stopping)',
    'server still reaches a',
    'drain a (stopping)',
    'stop quiet (stopping)',
    'stop server (stopping)',
    'stop a (stopping)',
  ]);
});

t.test('the state moves created → starting → running → stopping → stopped', async (t) => {
  const { build } = setup();
  const states: string[] = [];
  const runtime = build([
    definePlugin({
      name: 'watcher',
      version: '1.0.0',
      register: (ctx) => void states.push(ctx.runtime.state),
      start: (ctx) => void states.push(ctx.runtime.state),
      stop: (ctx) => void states.push(ctx.runtime.state),
    }),
  ]);
  t.equal(runtime.state, 'created');
  const starting = runtime.start();
  t.equal(runtime.state, 'starting');
  await starting;
  t.equal(runtime.state, 'running');
  t.equal(runtime.info.state, 'running', 'RuntimeInfo follows the runtime');
  await runtime.stop();
  t.equal(runtime.state, 'stopped');
  t.same(states, ['starting', 'starting', 'stopping'], 'as seen by the plugin in register, start and stop');
});

t.test('a start failure stops the plugins already started in reverse, rejects ready and names plugin and cause', async (t) => {
  const { calls, lines, recorded, build } = setup();
  const cause = new Error('port 8080 is taken');
  const runtime = build([
    recorded({ name: 'first' }),
    recorded({ name: 'second' }),
    recorded({
      name: 'third',
      start: () => {
        throw cause;
      },
    }),
    recorded({ name: 'fourth' }),
  ]);
  const error = await runtime.start().then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof TdssError, String(error));
  const failure = error as TdssError;
  t.equal(failure.code, 'KERNEL_START_FAILED');
  t.equal(failure.plugin, 'third');
  t.equal(failure.message, 'plugin third failed to start: port 8080 is taken');
  t.equal(failure.cause, cause);
  t.match(failure.hint, 'plugins already started have been stopped');
  await t.rejects(runtime.ready, failure);
  t.equal(runtime.state, 'failed');
  t.same(calls.filter((c) => !c.startsWith('register')), [
    'start first (starting)',
    'start second (starting)',
    'start third (starting)',
    'stop second (starting)',
    'stop first (starting)',
  ]);
  t.match(
    lines.find((l) => l.level === 'error'),
    { failedPlugin: 'third', msg: 'plugin third failed to start: port 8080 is taken', err: { message: 'port 8080 is taken' } },
  );
  await runtime.stop();
  t.equal(runtime.state, 'failed', 'stopping a failed runtime does nothing');
  t.equal(calls.length, 9, 'no plugin stops twice');
});

t.test('a register failure stops nothing, since nothing started', async (t) => {
  const { calls, recorded, build } = setup();
  const runtime = build([
    recorded({ name: 'first' }),
    recorded({
      name: 'second',
      register: () => {
        throw new Error('bad wiring');
      },
    }),
  ]);
  await t.rejects(runtime.start(), { message: 'plugin second failed to start: bad wiring', plugin: 'second' });
  await t.rejects(runtime.ready);
  t.same(calls, ['register first (starting)', 'register second (starting)']);
});

t.test('a plugin that fails to stop is logged and the others still stop', async (t) => {
  const { calls, lines, recorded, build } = setup();
  const runtime = build([
    recorded({ name: 'first' }),
    recorded({
      name: 'second',
      stop: () => {
        throw new Error('socket stuck');
      },
    }),
  ]);
  await runtime.start();
  await runtime.stop();
  t.same(calls.slice(-2), ['stop second (stopping)', 'stop first (stopping)']);
  t.equal(runtime.state, 'stopped');
  t.match(lines.find((l) => l.level === 'error'), { failedPlugin: 'second', msg: 'plugin second failed to stop cleanly' });
});

t.test('stop is idempotent: concurrent and repeated calls stop each plugin once', async (t) => {
  const { calls, recorded, build } = setup();
  const runtime = build([recorded({ name: 'a' }), recorded({ name: 'b' })]);
  await runtime.start();
  const first = runtime.stop();
  const second = runtime.stop();
  t.equal(first, second, 'the same promise');
  await Promise.all([first, second]);
  await runtime.stop();
  t.same(calls.filter((c) => c.startsWith('stop')), ['stop b (stopping)', 'stop a (stopping)']);
});

t.test('stop while starting waits for start-up to finish, then stops', async (t) => {
  const { calls, recorded, build } = setup();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runtime = build([recorded({ name: 'slow', start: () => gate })]);
  const started = runtime.start();
  const stopped = runtime.stop();
  t.equal(runtime.state, 'starting');
  release();
  await started;
  await stopped;
  t.equal(runtime.state, 'stopped');
  t.same(calls.filter((c) => !c.startsWith('register')), ['start slow (starting)', 'stop slow (stopping)']);
});

t.test('a runtime stopped before it started settles: stop resolves again and ready rejects', async (t) => {
  const { calls, recorded, build } = setup();
  const runtime = build([recorded({ name: 'a' })]);
  await runtime.stop();
  t.equal(runtime.state, 'stopped');
  let timer: NodeJS.Timeout | undefined;
  const again = await Promise.race([runtime.stop().then(() => 'stopped'), new Promise((r) => (timer = setTimeout(() => r('hung'), 500)))]);
  clearTimeout(timer);
  t.equal(again, 'stopped', 'a second stop does not hang');
  await t.rejects(runtime.ready, { code: 'KERNEL_BAD_STATE', message: /stopped before it started/ });
  await t.rejects(runtime.start(), { code: 'KERNEL_BAD_STATE', message: 'runtime tdss cannot start from state stopped' });
  t.same(calls, []);
});

t.test('start runs once', async (t) => {
  const { build, recorded } = setup();
  const runtime = build([recorded({ name: 'a' })]);
  await runtime.start();
  await t.rejects(runtime.start(), { code: 'KERNEL_BAD_STATE', message: /cannot start from state running/ });
  await runtime.stop();
});

t.test('a plugin whose only services are replaced defaults is never registered nor started', async (t) => {
  const { calls, recorded, build } = setup();
  const runtime = build([
    recorded({ name: 'default-a', provides: [{ token: A, default: true }], register: (ctx) => ctx.provide(A, 'default') }),
    recorded({ name: 'real-a', provides: [A], register: (ctx) => ctx.provide(A, 'real') }),
  ]);
  await runtime.start();
  t.equal(runtime.get(A), 'real');
  t.notOk(calls.some((c) => c.includes('default-a')), calls.join(', '));
  await runtime.stop();
});

t.test('invalid options throw a ProfileError naming the source and every issue', async (t) => {
  const { build, recorded } = setup({ source: 'embedding host', runtime: { logLevel: 'loud', nmae: 'x' } });
  const error = (() => {
    try {
      build([recorded({ name: 'needy', requires: [Absent] })]);
    } catch (e) {
      return e;
    }
  })();
  t.ok(error instanceof ProfileError);
  t.equal((error as ProfileError).issues.length, 3);
  t.match((error as ProfileError).message, /^embedding host has 3 problems:/);
  t.match((error as ProfileError).message, 'runtime.logLevel: expected "fatal" or "error" or');
  t.match((error as ProfileError).message, 'runtime.nmae: unknown setting');
  t.match((error as ProfileError).message, 'did you mean "name"?');
  t.match((error as ProfileError).message, 'plugin needy requires test.Absent');
});

t.test('a plugin cannot take the name of the kernel', async (t) => {
  const { build } = setup();
  t.throws(() => build([definePlugin({ name: '@tdss/kernel', version: '9.9.9' })]), { name: 'ProfileError', message: /plugin @tdss\/kernel is listed twice/ });
});

t.test('runtime settings shape the runtime', async (t) => {
  const { build } = setup({ runtime: { name: 'edge-1', dataDir: '/var/lib/tdss', shutdownTimeoutMs: 500 } });
  const runtime = build([]);
  t.equal(runtime.info.name, 'edge-1');
  t.equal(runtime.info.dataDir, '/var/lib/tdss');
  t.equal(runtime.shutdownTimeoutMs, 500);
});

t.test('the runtime hands out services to its host, and says which package provides a missing one', async (t) => {
  const { build, recorded } = setup();
  const runtime = build([recorded({ name: 'a', provides: [A], register: (ctx) => ctx.provide(A, 'value a') })]);
  await runtime.start();
  t.equal(runtime.get(A), 'value a');
  t.equal(runtime.getOptional(B), undefined);
  t.throws(() => runtime.get(Absent), { code: 'KERNEL_NOT_PROVIDED', message: 'no plugin of runtime tdss provides test.Absent', hint: 'add @acme/absent to the profile' });
  await runtime.stop();
});

t.test('start times of each plugin are recorded as a metric', async (t) => {
  const { build, recorded } = setup();
  const runtime = build([recorded({ name: 'timed' })]);
  await runtime.start();
  const text = await runtime.get(Metrics).metrics();
  t.match(text, /tdss_plugin_start_seconds\{plugin="timed",runtime="tdss"\} \d/);
  t.match(text, /tdss_plugin_start_seconds\{plugin="@tdss\/kernel",runtime="tdss"\} \d/);
  await runtime.stop();
});

t.test('start-up and shutdown are logged', async (t) => {
  const { build, lines } = setup();
  const runtime = build([]);
  await runtime.start();
  await runtime.stop();
  t.match(lines.map((l) => l.msg), ['runtime started', 'runtime stopped']);
  t.match(lines[0], { level: 'info', runtime: 'tdss', plugins: 1 });
});
