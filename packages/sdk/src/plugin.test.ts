import t from 'tap';
import { definePlugin, isPlugin, provisionToken } from './plugin.ts';
import { createServiceToken } from './token.ts';

const Store = createServiceToken<object>('test.Store', { description: 'a store' });

t.test('definePlugin returns a frozen plugin that isPlugin recognises', async (t) => {
  const plugin = definePlugin({ name: '@acme/p', version: '1.0.0', provides: [Store] });
  t.ok(isPlugin(plugin));
  t.ok(Object.isFrozen(plugin));
  t.equal(plugin.name, '@acme/p');
  t.same(plugin.provides, [Store]);
});

t.test('look-alike objects are not plugins', async (t) => {
  t.notOk(isPlugin({ name: 'x', version: '1' }));
  t.notOk(isPlugin(null));
  t.notOk(isPlugin(undefined));
  t.notOk(isPlugin('x'));
  t.notOk(isPlugin({ name: 'x', version: '1', [Symbol('tdss.plugin')]: true }), 'only the registered symbol marks a plugin');
});

t.test('name and version are required', async (t) => {
  t.throws(() => definePlugin({ name: '', version: '1' }), { name: 'TypeError', message: /`name` is required/ });
  t.throws(() => definePlugin({ name: '@acme/p', version: '' }), { name: 'TypeError', message: 'definePlugin(@acme/p): `version` is required.' });
  t.throws(() => definePlugin({ version: '1' } as never), TypeError);
});

t.test('provisionToken tells a real provision from a default', async (t) => {
  t.same(provisionToken(Store), { token: Store, isDefault: false });
  t.same(provisionToken({ token: Store, default: true }), { token: Store, isDefault: true });
});
