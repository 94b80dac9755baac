import { type AnyPlugin, definePlugin, Health, type HealthCheck, HealthChecks } from '@tdss/sdk';
import t from 'tap';
import { createRuntime } from '../runtime/runtime.ts';

function checks(...list: HealthCheck[]): AnyPlugin {
  return definePlugin({
    name: 'checks',
    version: '1.0.0',
    contributes: [HealthChecks],
    register(ctx) {
      for (const check of list) ctx.contribute(HealthChecks, check);
    },
  });
}

const runtimeOf = (...plugins: AnyPlugin[]) =>
  createRuntime({ plugins: plugins.map((plugin) => ({ plugin })), logDestination: { write: () => undefined } });

t.test('readiness is false until the runtime runs and after it stops', async (t) => {
  const duringStart: unknown[] = [];
  const runtime = runtimeOf(
    checks({ name: 'db', check: () => ({ healthy: true }) }),
    definePlugin({ name: 'probe', version: '1.0.0', start: async (ctx) => void duringStart.push(await ctx.get(Health).readiness()) }),
  );
  await runtime.start();
  t.match(duringStart, [{ ready: false, state: 'starting', checks: [{ name: 'db', healthy: true }] }]);
  const health = runtime.get(Health);
  t.same(await health.readiness(), { ready: true, state: 'running', checks: [{ name: 'db', healthy: true }] });
  await runtime.stop();
  t.match(await health.readiness(), { ready: false, state: 'stopped' });
});

t.test('a running runtime with no checks is ready', async (t) => {
  const runtime = runtimeOf();
  await runtime.start();
  t.same(await runtime.get(Health).readiness(), { ready: true, state: 'running', checks: [] });
  await runtime.stop();
});

t.test('a failing check turns readiness false and shows its detail', async (t) => {
  const runtime = runtimeOf(
    checks(
      { name: 'db', check: () => ({ healthy: true }) },
      { name: 'broker', check: async () => ({ healthy: false, detail: 'not connected' }) },
    ),
  );
  await runtime.start();
  t.same(await runtime.get(Health).readiness(), {
    ready: false,
    state: 'running',
    checks: [
      { name: 'db', healthy: true },
      { name: 'broker', healthy: false, detail: 'not connected' },
    ],
  });
  await runtime.stop();
});

t.test('a check that throws, at once or later, counts as failing with its message', async (t) => {
  const runtime = runtimeOf(
    checks(
      {
        name: 'sync',
        check: () => {
          throw new Error('sync boom');
        },
      },
      { name: 'async', check: () => Promise.reject(new Error('async boom')) },
    ),
  );
  await runtime.start();
  t.same(await runtime.get(Health).readiness(), {
    ready: false,
    state: 'running',
    checks: [
      { name: 'sync', healthy: false, detail: 'sync boom' },
      { name: 'async', healthy: false, detail: 'async boom' },
    ],
  });
  await runtime.stop();
});

t.test('a check that does not answer in time counts as failing', async (t) => {
  let release!: () => void;
  const runtime = runtimeOf(
    checks({ name: 'hung', check: () => new Promise((resolve) => (release = () => resolve({ healthy: true }))) }),
  );
  await runtime.start();
  const began = Date.now();
  const result = await runtime.get(Health).readiness();
  t.same(result, { ready: false, state: 'running', checks: [{ name: 'hung', healthy: false, detail: 'no answer within 2000 ms' }] });
  t.ok(Date.now() - began >= 1_900, 'it waited for the time limit');
  release();
  await runtime.stop();
});
