import t from 'tap';
import { interpolate, originKey } from './interpolate.ts';

const env = { PORT: '8080', HOST: 'db.internal', DEBUG: 'true', RATIO: '0.5', EMPTY: '', PASSWORD: 'p4ss #word ', QUOTED: '"x"' };

t.test('a value that is exactly one reference takes its YAML type', async (t) => {
  const { value, issues } = interpolate({ port: '${PORT}', debug: '${DEBUG}', ratio: '${RATIO}', host: '${HOST}' }, env);
  t.same(issues, []);
  t.same(value, { port: 8080, debug: true, ratio: 0.5, host: 'db.internal' });
});

t.test('a whole reference keeps a string exactly as set', async (t) => {
  const { value } = interpolate({ password: '${PASSWORD}', quoted: '${QUOTED}', map: '${MAP}', list: '${LIST}' }, {
    ...env,
    MAP: 'a: b',
    LIST: '[1, 2]',
  });
  t.same(value, { password: 'p4ss #word ', quoted: '"x"', map: 'a: b', list: '[1, 2]' });
});

t.test('references inside a longer string are replaced as text', async (t) => {
  const { value, issues } = interpolate({ url: 'postgres://${HOST}:${PORT}/db' }, env);
  t.same(issues, []);
  t.same(value, { url: 'postgres://db.internal:8080/db' });
});

t.test('a default is used when the variable is unset or empty', async (t) => {
  const { value, issues } = interpolate({ a: '${NOPE:-9090}', b: '${EMPTY:-fallback}', c: 'x-${NOPE:-y}-z', d: '${PORT:-1}' }, env);
  t.same(issues, []);
  t.same(value, { a: 9090, b: 'fallback', c: 'x-y-z', d: 8080 });
});

t.test('an unset variable with an empty default leaves its key out, so the setting keeps its default', async (t) => {
  const { value, issues } = interpolate({ token: '${TOKEN:-}', list: ['a', '${ITEM:-}'], kept: 'x${TOKEN:-}y', set: '${SET:-}' }, { SET: 'yes' });
  t.same(issues, []);
  t.same(value, { list: ['a'], kept: 'xy', set: 'yes' });
});

t.test('a missing variable is an issue naming it, at the key that uses it', async (t) => {
  const { value, issues } = interpolate({ plugins: { db: { url: 'postgres://${DB_HOST}/x' } } }, env);
  t.equal(issues.length, 1);
  t.same(issues[0]!.path, ['plugins', 'db', 'url']);
  t.equal(issues[0]!.message, 'environment variable DB_HOST is not set');
  t.match(issues[0]!.hint, '${DB_HOST:-value}');
  t.same(value, { plugins: { db: { url: 'postgres:///x' } } });
});

t.test('every missing variable is reported', async (t) => {
  const { issues } = interpolate({ list: ['${A}', '${B}'], c: '${C}' }, {});
  t.same(
    issues.map((i) => [i.path, i.message]),
    [
      [['list', 0], 'environment variable A is not set'],
      [['list', 1], 'environment variable B is not set'],
      [['c'], 'environment variable C is not set'],
    ],
  );
});

t.test('$${ writes a literal ${', async (t) => {
  const { value, issues, origins } = interpolate({ a: '$${PORT}', b: 'cost: $${PRICE} at ${PORT}', c: '$$' }, env);
  t.same(issues, []);
  t.same(value, { a: '${PORT}', b: 'cost: ${PRICE} at 8080', c: '$$' });
  t.notOk(origins.has(originKey(['a'])), 'an escape alone is no reference');
});

t.test('other values and keys are left alone', async (t) => {
  const input = { '${PORT}': 1, n: 2, yes: true, nothing: null, text: 'price $5' };
  t.same(interpolate(input, env).value, input);
});

t.test('origins say which reference each interpolated value came from', async (t) => {
  const { origins } = interpolate({ runtime: { name: '${HOST}' }, x: ['a${PORT}'] }, env);
  t.equal(origins.get(originKey(['runtime', 'name'])), '${HOST}');
  t.equal(origins.get(originKey(['x', 0])), 'a${PORT}');
  t.equal(origins.size, 2);
});
