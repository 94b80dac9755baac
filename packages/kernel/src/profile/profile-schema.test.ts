import { definePlugin, Type } from '@tdss/sdk';
import t from 'tap';
import Value from 'typebox/value';
import { profileSchema } from './profile-schema.ts';

const db = definePlugin({
  name: '@acme/db',
  version: '2.0.0',
  description: 'A database.',
  settings: Type.Object({
    url: Type.String({ description: 'Where the database is.' }),
    pool: Type.Object(
      { max: Type.Integer({ minimum: 1, default: 10, description: 'Most connections.' }) },
      { default: {}, description: 'Connection pool.' },
    ),
  }),
});
const plain = definePlugin({ name: '@acme/plain', version: '1.0.0' });

const schema = profileSchema([plain, db]);
// Value.Check reads any JSON Schema; the cast only satisfies its TypeBox signature.
const check = (profile: unknown) => Value.Check(schema as never, profile);
type Json = Record<string, any>;
const props = (schema as Json).properties;

t.test('the schema is closed at the top and describes the runtime settings', async (t) => {
  t.equal((schema as Json).additionalProperties, false);
  t.same(Object.keys(props), ['$schema', 'runtime', 'plugins']);
  t.same(Object.keys(props.runtime.properties), ['name', 'dataDir', 'logLevel', 'shutdownTimeoutMs']);
  t.equal(props.runtime.additionalProperties, false);
  t.equal(props.runtime.properties.name.default, 'tdss');
  t.type(props.runtime.properties.logLevel.description, 'string');
});

t.test("each plugin's settings are in the schema, closed, with its description and version", async (t) => {
  t.same(Object.keys(props.plugins.properties), ['@acme/db', '@acme/plain'], 'sorted by name');
  const dbEntry = props.plugins.properties['@acme/db'];
  t.equal(dbEntry.description, 'A database. (v2.0.0)');
  const [settings, nothing] = dbEntry.anyOf;
  t.same(nothing, { type: 'null' }, 'a plugin may be listed without settings');
  t.equal(settings.additionalProperties, false);
  t.equal(settings.properties.pool.additionalProperties, false);
  t.equal(settings.properties.url.description, 'Where the database is.');
  t.same(props.plugins.properties['@acme/plain'].anyOf[0], { type: 'object', additionalProperties: false });
});

t.test('settings with a default are optional in the schema, settings without one stay required', async (t) => {
  const settings = props.plugins.properties['@acme/db'].anyOf[0];
  t.same(settings.required, ['url']);
  t.equal(settings.properties.pool.required, undefined);
  t.equal(props.runtime.required, undefined);
});

t.test('building the schema leaves the plugin schema as it was', async (t) => {
  t.same((db.settings as Json).required, ['url', 'pool']);
  t.equal((db.settings as Json).additionalProperties, undefined);
});

t.test('a good profile passes', async (t) => {
  t.ok(check({ plugins: {} }));
  t.ok(check({ $schema: './profile.schema.json', runtime: { name: 'edge' }, plugins: { '@acme/db': { url: 'x' }, '@acme/plain': null } }));
  t.ok(check({ plugins: { '@acme/db': { url: 'x', pool: { max: 3 } }, './local/plugin.ts': { anything: 1 } } }), 'unknown plugins may be listed');
});

t.test('a bad profile fails', async (t) => {
  t.notOk(check({}), 'plugins are required');
  t.notOk(check({ plugins: {}, runtim: {} }), 'unknown top-level key');
  t.notOk(check({ runtime: { logLevel: 'loud' }, plugins: {} }), 'bad runtime setting');
  t.notOk(check({ runtime: { nmae: 'x' }, plugins: {} }), 'unknown runtime setting');
  t.notOk(check({ plugins: { '@acme/db': {} } }), 'missing required plugin setting');
  t.notOk(check({ plugins: { '@acme/db': { url: 'x', pool: { max: 0 } } } }), 'nested value out of range');
  t.notOk(check({ plugins: { '@acme/db': { url: 'x', poll: {} } } }), 'unknown plugin setting');
  t.notOk(check({ plugins: { '@acme/plain': { a: 1 } } }), 'settings for a plugin that takes none');
  t.notOk(check({ plugins: { './local/plugin.ts': 'yes' } }), 'unknown plugins still take a map');
});
