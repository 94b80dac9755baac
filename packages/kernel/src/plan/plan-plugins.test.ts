import { type AnyPlugin, createServiceToken, definePlugin, type Provision, type AnyServiceToken } from '@tdss/sdk';
import t from 'tap';
import { planPlugins } from './plan-plugins.ts';
import type { PluginEntry } from './plugin-entry.ts';

const Store = createServiceToken<object>('test.Store', { description: 'a store', providedBy: ['@acme/store-pg', '@acme/store-lite'] });
const Cache = createServiceToken<object>('test.Cache', { description: 'a cache' });
const Clock = createServiceToken<object>('test.Clock', { description: 'a clock' });

function plugin(name: string, parts: { provides?: Provision[]; requires?: AnyServiceToken[]; optional?: AnyServiceToken[] } = {}): AnyPlugin {
  return definePlugin({ name, version: '1.0.0', ...parts });
}

const entries = (...plugins: AnyPlugin[]): PluginEntry[] => plugins.map((p) => ({ plugin: p, path: ['plugins', p.name] }));
const names = (list: ReadonlyArray<{ plugin: AnyPlugin }>) => list.map((p) => p.plugin.name);

t.test('a provider starts before the plugin that requires it', async (t) => {
  const plan = planPlugins(entries(plugin('api', { requires: [Store] }), plugin('store', { provides: [Store] })));
  t.same(plan.issues, []);
  t.same(names(plan.order), ['store', 'api']);
  t.same(plan.order[0]!.provides.map((tok) => tok.name), ['test.Store']);
  t.same(plan.order[1]!.dependsOn, [{ plugin: 'store', token: Store }]);
});

t.test('an optional requirement orders start-up when its provider is present', async (t) => {
  const plan = planPlugins(entries(plugin('api', { optional: [Cache] }), plugin('cache', { provides: [Cache] })));
  t.same(plan.issues, []);
  t.same(names(plan.order), ['cache', 'api']);
});

t.test('an optional requirement with no provider is no issue', async (t) => {
  const plan = planPlugins(entries(plugin('api', { optional: [Cache] })));
  t.same(plan.issues, []);
  t.same(names(plan.order), ['api']);
  t.same(plan.order[0]!.dependsOn, []);
});

t.test('unconstrained plugins keep the profile order, also around constrained ones', async (t) => {
  const plan = planPlugins(
    entries(
      plugin('z-first'),
      plugin('api', { requires: [Store, Clock] }),
      plugin('m-middle'),
      plugin('clock', { provides: [Clock] }),
      plugin('store', { provides: [Store] }),
      plugin('a-last'),
    ),
  );
  t.same(plan.issues, []);
  t.same(names(plan.order), ['z-first', 'm-middle', 'clock', 'store', 'api', 'a-last']);
});

t.test('a chain of requirements starts from its end', async (t) => {
  const plan = planPlugins(
    entries(plugin('a', { requires: [Store] }), plugin('b', { provides: [Store], requires: [Cache] }), plugin('c', { provides: [Cache] })),
  );
  t.same(names(plan.order), ['c', 'b', 'a']);
});

t.test('a real provider replaces a default, and a plugin that offered only that default is dropped', async (t) => {
  const plan = planPlugins(
    entries(
      plugin('store-default', { provides: [{ token: Store, default: true }] }),
      plugin('api', { requires: [Store] }),
      plugin('store-real', { provides: [Store] }),
    ),
  );
  t.same(plan.issues, []);
  t.same(names(plan.order), ['store-real', 'api']);
  t.same(names(plan.dropped), ['store-default']);
  t.same(plan.dropped[0]!.replaced, [{ token: Store, by: 'store-real' }]);
  t.same(plan.order[1]!.dependsOn, [{ plugin: 'store-real', token: Store }]);
});

t.test('a default with no real provider is used', async (t) => {
  const plan = planPlugins(entries(plugin('api', { requires: [Store] }), plugin('store-default', { provides: [{ token: Store, default: true }] })));
  t.same(plan.issues, []);
  t.same(plan.dropped, []);
  t.same(names(plan.order), ['store-default', 'api']);
  t.same(plan.order[0]!.provides, [Store]);
});

t.test('a plugin whose default is replaced still runs for its other services, without the replaced one', async (t) => {
  const plan = planPlugins(
    entries(
      plugin('embedded', { provides: [{ token: Store, default: true }, Cache] }),
      plugin('store-real', { provides: [Store] }),
      plugin('api', { requires: [Store, Cache] }),
    ),
  );
  t.same(plan.issues, []);
  t.same(plan.dropped, []);
  t.same(names(plan.order), ['embedded', 'store-real', 'api']);
  const embedded = plan.order[0]!;
  t.same(embedded.provides, [Cache]);
  t.same(embedded.replaced, [{ token: Store, by: 'store-real' }]);
  t.same(plan.order[2]!.dependsOn, [
    { plugin: 'store-real', token: Store },
    { plugin: 'embedded', token: Cache },
  ]);
});

t.test('two real providers of one service are an issue naming both', async (t) => {
  const plan = planPlugins(entries(plugin('store-pg', { provides: [Store] }), plugin('store-lite', { provides: [Store] })));
  t.equal(plan.issues.length, 1);
  const [issue] = plan.issues;
  t.match(issue!.message, /test\.Store is provided by store-pg and store-lite/);
  t.match(issue!.hint, /remove all but one of store-pg, store-lite/);
});

t.test('a missing provider names the requiring plugin, the token and the packages that provide it', async (t) => {
  const plan = planPlugins(entries(plugin('api', { requires: [Store] })));
  t.equal(plan.issues.length, 1);
  const [issue] = plan.issues;
  t.same(issue!.path, ['plugins', 'api']);
  t.match(issue!.message, 'plugin api requires test.Store (a store)');
  t.match(issue!.message, 'no plugin in this profile provides');
  t.equal(issue!.hint, "add @acme/store-pg or @acme/store-lite to the profile's plugins");
});

t.test('a missing provider of a token with no known package says to add a provider of it', async (t) => {
  const plan = planPlugins(entries(plugin('api', { requires: [Cache] })));
  t.equal(plan.issues.length, 1);
  t.equal(plan.issues[0]!.hint, "add a plugin that provides test.Cache to the profile's plugins");
});

t.test('a plugin that provides what it requires does not depend on itself', async (t) => {
  const plan = planPlugins(entries(plugin('self', { provides: [Store], requires: [Store] })));
  t.same(plan.issues, []);
  t.same(plan.order[0]!.dependsOn, []);
});

t.test('a cycle of two plugins is shown', async (t) => {
  const plan = planPlugins(entries(plugin('a', { provides: [Store], requires: [Cache] }), plugin('b', { provides: [Cache], requires: [Store] })));
  t.equal(plan.issues.length, 1);
  t.equal(plan.issues[0]!.message, 'dependency cycle: a --requires test.Cache--> b --requires test.Store--> a');
  t.match(plan.issues[0]!.hint, /optional/);
});

t.test('a cycle of three plugins is shown, without the plugins that merely wait for it', async (t) => {
  const plan = planPlugins(
    entries(
      plugin('free'),
      plugin('waiting', { requires: [Store] }),
      plugin('a', { provides: [Store], requires: [Cache] }),
      plugin('b', { provides: [Cache], requires: [Clock] }),
      plugin('c', { provides: [Clock], requires: [Store] }),
    ),
  );
  t.equal(plan.issues.length, 1);
  t.equal(plan.issues[0]!.message, 'dependency cycle: a --requires test.Cache--> b --requires test.Clock--> c --requires test.Store--> a');
  t.same(names(plan.order), ['free'], 'plugins outside the cycle still get ordered');
});

t.test('an optional requirement can close a cycle too', async (t) => {
  const plan = planPlugins(entries(plugin('a', { provides: [Store], optional: [Cache] }), plugin('b', { provides: [Cache], requires: [Store] })));
  t.equal(plan.issues.length, 1);
  t.match(plan.issues[0]!.message, /^dependency cycle: /);
});

t.test('a plugin listed twice is an issue at its second entry, and planned once', async (t) => {
  const api = plugin('api');
  const plan = planPlugins([
    { plugin: api, path: ['plugins', 'api'] },
    { plugin: api, path: ['plugins', './local/api.ts'] },
  ]);
  t.equal(plan.issues.length, 1);
  t.same(plan.issues[0]!.path, ['plugins', './local/api.ts']);
  t.equal(plan.issues[0]!.message, 'plugin api is listed twice');
  t.same(names(plan.order), ['api']);
});
