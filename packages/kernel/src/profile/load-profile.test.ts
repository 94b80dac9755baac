import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadProfile } from './load-profile.ts';

// Inside the repository, so that the plugin modules written here resolve @tdss/sdk from the workspace.
const WORK = fileURLToPath(new URL('../../../../test/.work/', import.meta.url));
await mkdir(WORK, { recursive: true });
const dir = await mkdtemp(join(WORK, 'kernel-load-profile-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

const pluginModule = (name: string) => `import { definePlugin, Type } from '@tdss/sdk';
export default definePlugin({
  name: '${name}',
  version: '1.2.3',
  settings: Type.Object({ port: Type.Integer({ minimum: 1, default: 8080, description: 'Port.' }) }),
});
`;

await write('plugins/local.mjs', pluginModule('acme-local'));
await write('plugins/typed.ts', pluginModule('acme-typed'));
await write('plugins/not-a-plugin.mjs', 'export default { name: "looks-like-one", version: "1" };\n');
await write('plugins/broken.mjs', 'throw new Error("boom at import");\n');
await write('node_modules/@acme/greeter/package.json', JSON.stringify({ name: '@acme/greeter', type: 'module', exports: { '.': './index.js' } }));
await write('node_modules/@acme/greeter/index.js', pluginModule('@acme/greeter'));
await write(
  'node_modules/acme-esm/package.json',
  JSON.stringify({ name: 'acme-esm', type: 'module', exports: { '.': { types: './index.d.ts', import: './index.js' } } }),
);
await write('node_modules/acme-esm/index.js', pluginModule('acme-esm'));
await write('elsewhere/node_modules/acme-far/package.json', JSON.stringify({ name: 'acme-far', type: 'module', main: 'index.js' }));
await write('elsewhere/node_modules/acme-far/index.js', pluginModule('acme-far'));

t.test('a YAML profile gives runtime settings and plugins in profile order', async (t) => {
  const file = await write(
    'ok.yaml',
    `runtime:
  name: edge
plugins:
  ./plugins/local.mjs:
    port: 9000
  '@acme/greeter':
`,
  );
  const loaded = await loadProfile(file, { env: {} });
  t.same(loaded.issues, []);
  t.equal(loaded.resolved, true);
  t.equal(loaded.file, file);
  t.equal(loaded.options.profilePath, file);
  t.same(loaded.options.runtime, { name: 'edge' });
  t.same(
    loaded.options.plugins.map((e) => [e.plugin.name, e.settings, e.path]),
    [
      ['acme-local', { port: 9000 }, ['plugins', './plugins/local.mjs']],
      ['@acme/greeter', null, ['plugins', '@acme/greeter']],
    ],
  );
});

t.test('a JSON profile reads the same way, tabs and all', async (t) => {
  const file = await write('ok.json', '{\n\t"runtime": { "name": "edge" },\n\t"plugins": {\n\t\t"./plugins/typed.ts": { "port": 1 }\n\t}\n}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.same(loaded.issues, []);
  t.same(loaded.options.runtime, { name: 'edge' });
  t.same(loaded.options.plugins.map((e) => [e.plugin.name, e.settings]), [['acme-typed', { port: 1 }]]);
});

t.test('environment references are interpolated, typed when whole', async (t) => {
  const file = await write(
    'env.yaml',
    `runtime:
  name: \${NAME:-tdss-\${NOT_NESTED}}
  shutdownTimeoutMs: \${TIMEOUT}
plugins:
  ./plugins/local.mjs:
    port: \${PORT:-8081}
`,
  );
  const loaded = await loadProfile(file, { env: { TIMEOUT: '500', NOT_NESTED: 'x' } });
  t.same(loaded.options.plugins[0]!.settings, { port: 8081 });
  t.equal((loaded.options.runtime as { shutdownTimeoutMs: unknown }).shutdownTimeoutMs, 500);
});

t.test('a missing variable is an issue at the line and column of its key', async (t) => {
  const file = await write('missing-env.yaml', 'runtime:\n  name: ${RUNTIME_NAME}\nplugins: {}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.match(loaded.issues[0]!, { file, line: 2, column: 3, path: ['runtime', 'name'], message: 'environment variable RUNTIME_NAME is not set' });
});

t.test('an unknown top-level key is located and gets a suggestion', async (t) => {
  const file = await write('typo.yaml', 'runtime: {}\npluggins:\n  x: 1\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.match(loaded.issues[0]!, { file, line: 2, column: 1, path: ['pluggins'], message: 'unknown top-level key', hint: 'did you mean "plugins"?' });
});

t.test('a syntax error is located', async (t) => {
  const file = await write('bad.json', '{\n  "runtime": {},\n  "plugins": { "a": 1 \n}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.ok(loaded.issues.length >= 1);
  t.equal(loaded.resolved, false);
  t.match(loaded.issues[0]!, { file, message: /^not valid YAML or JSON: / });
  t.type(loaded.issues[0]!.line, 'number');
  t.same(loaded.options.plugins, []);
});

t.test('a key given twice is a syntax error', async (t) => {
  const file = await write('twice.yaml', 'runtime: {}\nruntime: {}\nplugins: {}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.match(loaded.issues[0]!, { line: 2, message: /^not valid YAML or JSON: .*unique/i });
});

t.test('a missing file is one issue naming it', async (t) => {
  const file = join(dir, 'absent.yaml');
  const loaded = await loadProfile(file, { env: {} });
  t.same(loaded.issues, [{ file, path: [], message: 'profile file not found' }]);
  t.equal(loaded.resolved, false);
});

t.test('a profile that is not a map is refused', async (t) => {
  const file = await write('list.yaml', '- a\n- b\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.match(loaded.issues[0]!.message, /^a profile is a map with "runtime" and "plugins", found \["a","b"\] \(array\)/);
});

t.test('plugins that are not a map are refused', async (t) => {
  const file = await write('plugins-list.yaml', 'plugins:\n  - ./plugins/local.mjs\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.match(loaded.issues[0]!, { path: ['plugins'], line: 1, column: 1, message: /^expected a map of plugin name to settings/ });
});

t.test('a plugin package that exports only to import is found', async (t) => {
  const file = await write('esm.yaml', 'plugins:\n  acme-esm: {}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.same(loaded.issues, []);
  t.equal(loaded.options.plugins[0]!.plugin.name, 'acme-esm');
});

t.test('a plugin package is looked up from searchFrom folders after the profile folder', async (t) => {
  const file = await write('far.yaml', 'plugins:\n  acme-far: {}\n');
  const notFound = await loadProfile(file, { env: {} });
  t.equal(notFound.issues.length, 1);
  const found = await loadProfile(file, { env: {}, searchFrom: [join(dir, 'elsewhere')] });
  t.same(found.issues, []);
  t.equal(found.options.plugins[0]!.plugin.name, 'acme-far');
});

t.test('a package that is not installed is an issue at its key, saying how to install it', async (t) => {
  const file = await write('not-installed.yaml', 'plugins:\n  "@acme/nowhere": {}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.resolved, false);
  t.equal(loaded.issues.length, 1);
  t.match(loaded.issues[0]!, {
    file,
    line: 2,
    column: 3,
    path: ['plugins', '@acme/nowhere'],
    message: /^plugin package @acme\/nowhere is not installed \(looked from /,
    hint: 'install it (npm install @acme/nowhere) or correct the name',
  });
});

t.test('a path with no module behind it is an issue naming the resolved path', async (t) => {
  const file = await write('no-path.yaml', 'plugins:\n  ./plugins/nothing.mjs: {}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.equal(loaded.issues[0]!.message, `no plugin at ${join(dir, 'plugins/nothing.mjs')}`);
  t.match(loaded.issues[0]!.hint, 'relative to the profile file');
});

t.test('a module that does not default-export a plugin is refused', async (t) => {
  const file = await write('not-plugin.yaml', 'plugins:\n  ./plugins/not-a-plugin.mjs: {}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.match(loaded.issues[0]!, {
    line: 2,
    message: './plugins/not-a-plugin.mjs does not default-export a TDSS plugin',
    hint: /export default definePlugin/,
  });
});

t.test('a module that throws while loading is an issue with its error', async (t) => {
  const file = await write('broken.yaml', 'plugins:\n  ./plugins/broken.mjs: {}\n');
  const loaded = await loadProfile(file, { env: {} });
  t.equal(loaded.issues.length, 1);
  t.equal(loaded.issues[0]!.message, 'plugin ./plugins/broken.mjs failed to load: boom at import');
});

t.test('every problem of a profile comes back at once', async (t) => {
  const file = await write(
    'many.yaml',
    `runtim: {}
plugins:
  ./plugins/local.mjs:
    port: \${UNSET_PORT}
  "@acme/nowhere": {}
  ./plugins/not-a-plugin.mjs: {}
`,
  );
  const loaded = await loadProfile(file, { env: {} });
  t.same(
    loaded.issues.map((i) => [i.line, i.message.split(' (')[0]]).sort((a, b) => Number(a[0]) - Number(b[0])),
    [
      [1, 'unknown top-level key'],
      [4, 'environment variable UNSET_PORT is not set'],
      [5, 'plugin package @acme/nowhere is not installed'],
      [6, './plugins/not-a-plugin.mjs does not default-export a TDSS plugin'],
    ],
  );
  t.same(loaded.options.plugins.map((e) => e.plugin.name), ['acme-local'], 'the plugins that loaded are kept');
});
