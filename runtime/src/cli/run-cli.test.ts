import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { runCli } from './run-cli.ts';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function profile(t: Test, name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tdss-cli-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

t.test('check accepts the built-in profiles', async (t) => {
  const required = { TDSS_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/tdss', TDSS_TRUSTED_ISSUER_DID: 'did:web:issuer.example' };
  const saved = Object.fromEntries(Object.keys(required).map((key) => [key, process.env[key]]));
  Object.assign(process.env, required);
  t.teardown(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  for (const name of ['all-in-one', 'postgres']) {
    const result = await cli(['check', name]);
    t.equal(result.code, 0, `${name}: ${result.err}`);
    t.match(result.out, /OK, \d+ plugins/);
  }
});

t.test('check names file, line, key path, expected type and found value of a mistyped setting', async (t) => {
  const file = await profile(
    t,
    'bad.yaml',
    ['runtime:', '  shutdownTimeoutMs: soon', 'plugins:', '  "@tdss/store-sql": {}', '  tdss-plugin-greetings:', '    maxNameLenght: 10', '    greeting: 42', ''].join('\n'),
  );
  const result = await cli(['check', file]);
  t.equal(result.code, 1);
  t.match(result.err, `${file}: 3 problems`);
  t.match(result.err, `${file}:2:3 runtime.shutdownTimeoutMs: expected integer >= 100, found "soon" (string)`);
  t.match(result.err, `${file}:6:5 plugins["tdss-plugin-greetings"].maxNameLenght: unknown setting`);
  t.match(result.err, 'did you mean "maxNameLength"?');
  t.match(result.err, `${file}:7:5 plugins["tdss-plugin-greetings"].greeting: expected string at least 1 characters, found 42 (number)`);
});

t.test('check names the plugin to add when a provider is missing', async (t) => {
  const file = await profile(t, 'missing.json', JSON.stringify({ plugins: { 'tdss-plugin-greetings': {} } }));
  const result = await cli(['check', file]);
  t.equal(result.code, 1);
  t.match(result.err, 'plugin tdss-plugin-greetings requires tdss.Database');
  t.match(result.err, 'add @tdss/store-sql to the profile');
});

t.test('check reports a plugin that is not installed and a missing file', async (t) => {
  const file = await profile(t, 'p.yaml', 'plugins:\n  "@tdss/does-not-exist": {}\n');
  const result = await cli(['check', file]);
  t.equal(result.code, 1);
  t.match(result.err, `${file}:2:3 plugins["@tdss/does-not-exist"]: plugin package @tdss/does-not-exist is not installed`);
  const missing = await cli(['check', join(tmpdir(), 'no-such-profile.yaml')]);
  t.equal(missing.code, 1);
  t.match(missing.err, 'profile file not found');
});

t.test('plugins lists the start order with what each provides and requires', async (t) => {
  const file = await profile(t, 'p.yaml', 'plugins:\n  tdss-plugin-greetings: {}\n  "@tdss/store-sql": {}\n');
  const result = await cli(['plugins', file]);
  t.equal(result.code, 0, result.err);
  const names = [...result.out.matchAll(/^\s+\d+\. (\S+)/gm)].map((m) => m[1]);
  t.same(names, ['@tdss/kernel', '@tdss/store-sql', 'tdss-plugin-greetings']);
  t.match(result.out, /requires: tdss\.Database \(from @tdss\/store-sql\)/);

  const json = JSON.parse((await cli(['plugins', file, '--json'])).out) as { order: Array<{ name: string }> };
  t.same(json.order.map((p) => p.name), names);
});

t.test('schema describes the runtime section and the built-in plugins', async (t) => {
  const result = await cli(['schema']);
  t.equal(result.code, 0, result.err);
  const schema = JSON.parse(result.out) as { properties: { runtime: object; plugins: { properties: Record<string, unknown> } } };
  t.ok(schema.properties.runtime);
  for (const name of ['@tdss/http', '@tdss/store-sql', '@tdss/secrets-local', '@tdss/control-plane', '@tdss/identity-hub', '@tdss/policy-engine', '@tdss/workflow', '@tdss/tenant-manager']) t.ok(schema.properties.plugins.properties[name], name);
});

t.test('usage errors exit 2', async (t) => {
  t.equal((await cli([])).code, 2);
  t.equal((await cli(['frobnicate'])).code, 2);
  t.equal((await cli(['check'])).code, 2);
  t.equal((await cli(['--nope'])).code, 2);
  t.equal((await cli(['help'])).code, 0);
});
