import { Type } from '@tdss/sdk';
import t from 'tap';
import { validateSettings } from './validate-settings.ts';

const at = ['plugins', '@acme/db'];

const Settings = Type.Object({
  host: Type.String({ minLength: 1, default: 'localhost', description: 'Database host.' }),
  port: Type.Integer({ minimum: 1, maximum: 65535, default: 5432, description: 'Database port.' }),
  pool: Type.Object(
    {
      min: Type.Integer({ minimum: 0, default: 1, description: 'Fewest connections.' }),
      max: Type.Integer({ minimum: 1, default: 10, description: 'Most connections.' }),
    },
    { default: {}, description: 'Connection pool.' },
  ),
  mode: Type.Union([Type.Literal('read-write'), Type.Literal('read-only')], { default: 'read-write', description: 'Access mode.' }),
  tags: Type.Array(Type.String(), { default: [], description: 'Tags.' }),
  labels: Type.Record(Type.String(), Type.String(), { default: {}, description: 'Free-form labels.' }),
});

const WithRequired = Type.Object({
  url: Type.String({ description: 'Where the database is.' }),
  timeoutMs: Type.Integer({ default: 1000, description: 'Query timeout.' }),
});

t.test('defaults are applied, nested ones included', async (t) => {
  const { value, issues } = validateSettings(Settings, { pool: { max: 20 } }, at);
  t.same(issues, []);
  t.same(value, { host: 'localhost', port: 5432, pool: { min: 1, max: 20 }, mode: 'read-write', tags: [], labels: {} });
});

t.test('missing or null settings take every default', async (t) => {
  for (const raw of [undefined, null]) {
    const { value, issues } = validateSettings(Settings, raw, at);
    t.same(issues, []);
    t.same(value, { host: 'localhost', port: 5432, pool: { min: 1, max: 10 }, mode: 'read-write', tags: [], labels: {} });
  }
});

t.test('the raw settings are not modified', async (t) => {
  const raw = { pool: {} };
  validateSettings(Settings, raw, at);
  t.same(raw, { pool: {} });
});

t.test('a wrong type names the key path, what was expected and what was found', async (t) => {
  const { issues } = validateSettings(Settings, { port: 'abc' }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'port']);
  t.equal(issues[0]!.message, 'expected integer >= 1, <= 65535, found "abc" (string)');
});

t.test('a nested wrong value names its full path', async (t) => {
  const { issues } = validateSettings(Settings, { pool: { min: -1 } }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'pool', 'min']);
  t.equal(issues[0]!.message, 'expected integer >= 0, found -1 (number)');
});

t.test('an array item names its index', async (t) => {
  const { issues } = validateSettings(Settings, { tags: ['a', 7] }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'tags', 1]);
  t.equal(issues[0]!.message, 'expected string, found 7 (number)');
});

t.test('a long value found is shortened', async (t) => {
  const { issues } = validateSettings(Settings, { port: 'x'.repeat(200) }, at);
  t.equal(issues.length, 1);
  t.ok(issues[0]!.message.length < 140, issues[0]!.message);
  t.match(issues[0]!.message, /\.\.\. \(string\)$/);
});

t.test('a mistyped key is refused with a suggestion', async (t) => {
  const { issues } = validateSettings(Settings, { prot: 5433 }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'prot']);
  t.equal(issues[0]!.message, 'unknown setting, found 5433 (number)');
  t.equal(issues[0]!.hint, 'did you mean "port"?');
});

t.test('a mistyped nested key is refused with a suggestion from its own object', async (t) => {
  const { issues } = validateSettings(Settings, { pool: { mxa: 3 } }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'pool', 'mxa']);
  t.equal(issues[0]!.hint, 'did you mean "max"?');
});

t.test('an unknown key unlike any other lists the known ones', async (t) => {
  const { issues } = validateSettings(Settings, { completelyDifferent: true }, at);
  t.equal(issues.length, 1);
  t.equal(issues[0]!.hint, 'known settings here: host, port, pool, mode, tags, labels');
});

t.test('a record stays open to any key', async (t) => {
  const { value, issues } = validateSettings(Settings, { labels: { team: 'data', zone: 'eu' } }, at);
  t.same(issues, []);
  t.same((value as { labels: unknown }).labels, { team: 'data', zone: 'eu' });
});

t.test('a schema that allows extra keys keeps them', async (t) => {
  const Open = Type.Object({ a: Type.String({ default: 'x' }) }, { additionalProperties: true });
  const { value, issues } = validateSettings(Open, { b: 1 }, at);
  t.same(issues, []);
  t.same(value, { a: 'x', b: 1 });
});

t.test('a bad value in a map of typed extra keys is reported once, at its own path', async (t) => {
  const Typed = Type.Object({ fixed: Type.String({ default: 'x' }) }, { additionalProperties: Type.Integer() });
  const { issues } = validateSettings(Typed, { extra: 'many' }, at);
  t.equal(issues.length, 1, JSON.stringify(issues));
  t.same(issues[0]!.path, [...at, 'extra']);
  t.match(issues[0]!.message, /^expected integer, found "many"/);
});

t.test('a missing required setting names it, its type and its description', async (t) => {
  const { value, issues } = validateSettings(WithRequired, {}, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'url']);
  t.equal(issues[0]!.message, 'required setting is missing; expected string');
  t.equal(issues[0]!.hint, 'Where the database is.');
  t.same(value, { timeoutMs: 1000 }, 'defaults are still applied');
});

t.test('a union gives one concise issue listing its choices', async (t) => {
  const { issues } = validateSettings(Settings, { mode: 'write-only' }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'mode']);
  t.equal(issues[0]!.message, 'expected "read-write" or "read-only", found "write-only" (string)');
});

t.test('an enum gives one concise issue listing its values', async (t) => {
  const Level = Type.Object({ level: Type.Enum(['low', 'high'], { default: 'low' }) });
  const { issues } = validateSettings(Level, { level: 'mid' }, at);
  t.equal(issues.length, 1);
  t.equal(issues[0]!.message, 'expected one of "low", "high", found "mid" (string)');
});

t.test('a union of objects gives one issue that names each branch by its constant field', async (t) => {
  const Target = Type.Object({
    target: Type.Union(
      [Type.Object({ kind: Type.Literal('file'), path: Type.String() }), Type.Object({ kind: Type.Literal('url'), url: Type.String() })],
      { default: { kind: 'file', path: '/tmp/x' } },
    ),
  });
  const { issues } = validateSettings(Target, { target: { kind: 'ftp' } }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', '@acme/db', 'target']);
  t.equal(issues[0]!.message, 'expected object with kind "file" or object with kind "url", found {"kind":"ftp"} (object)');
});

t.test('every problem is reported at once', async (t) => {
  const { issues } = validateSettings(Settings, { port: 0, host: '', prot: 1, mode: 'x', pool: { min: 'one' } }, at);
  t.same(
    issues.map((i) => i.path.slice(2).join('.')).sort(),
    ['host', 'mode', 'pool.min', 'port', 'prot'],
  );
});

t.test('a bad union value next to other problems is still one issue, and no problem is lost', async (t) => {
  const Level = Type.Object({
    level: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
    name: Type.String({ default: 'x' }),
  });
  const { issues } = validateSettings(Level, { level: 'loud', nmae: 'y' }, at);
  t.same(
    issues.map((i) => i.path.slice(2).join('.')),
    ['nmae', 'level'],
    issues.map((i) => i.message).join('\n'),
  );
  t.match(issues[1]!.message, /^expected "fatal" or "error" or .* or "silent", found "loud"/);
});

t.test('more problems than TypeBox keeps by default are all reported', async (t) => {
  const Many = Type.Object(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`n${i}`, Type.Integer({ default: 0 })])));
  const raw = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`n${i}`, 'x']));
  t.equal(validateSettings(Many, raw, at).issues.length, 12);
});

t.test('a plugin without a settings schema takes no settings', async (t) => {
  t.same(validateSettings(undefined, undefined, at), { value: {}, issues: [] });
  t.same(validateSettings(undefined, null, at), { value: {}, issues: [] });
  t.same(validateSettings(undefined, {}, at), { value: {}, issues: [] });
  const { issues } = validateSettings(undefined, { port: 1 }, at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, at);
  t.equal(issues[0]!.message, 'this plugin takes no settings, found {"port":1} (object)');
  t.equal(validateSettings(undefined, 'yes', at).issues.length, 1, 'a scalar is refused too');
});

t.test('settings that are not a map are refused', async (t) => {
  const { issues } = validateSettings(Settings, ['a'], at);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, at);
  t.match(issues[0]!.message, /^expected object, found \["a"\] \(array\)$/);
});
