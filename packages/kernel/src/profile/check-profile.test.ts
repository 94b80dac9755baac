import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ProfileError } from '../runtime/profile-error.ts';
import { checkProfile, createRuntimeFromProfile } from './check-profile.ts';

// Inside the repository, so that the plugin modules written here resolve @tdss/sdk from the workspace.
const WORK = fileURLToPath(new URL('../../../../test/.work/', import.meta.url));
await mkdir(WORK, { recursive: true });
const dir = await mkdtemp(join(WORK, 'kernel-check-profile-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

const token = `const Greeting = createServiceToken('acme.Greeting', { description: 'a greeting', providedBy: ['@acme/greeter'] });`;
await write(
  'provider.mjs',
  `import { createServiceToken, definePlugin, Type } from '@tdss/sdk';
${token}
export default definePlugin({
  name: 'acme-provider',
  version: '1.0.0',
  provides: [Greeting],
  settings: Type.Object({ text: Type.String({ default: 'hello', description: 'What to say.' }) }),
  register(ctx) { ctx.provide(Greeting, ctx.settings.text); },
});
`,
);
await write(
  'consumer.mjs',
  `import { createServiceToken, definePlugin, Type } from '@tdss/sdk';
${token}
export default definePlugin({
  name: 'acme-consumer',
  version: '1.0.0',
  requires: [Greeting],
  settings: Type.Object({ port: Type.Integer({ minimum: 1, default: 8080, description: 'Port.' }) }),
  start(ctx) { ctx.logger.info({ greeting: ctx.get(Greeting), port: ctx.settings.port }, 'greeted'); },
});
`,
);

t.test('a good profile has no issues and a start order', async (t) => {
  const file = await write('good.yaml', 'runtime:\n  name: good\nplugins:\n  ./consumer.mjs: {}\n  ./provider.mjs: {}\n');
  const check = await checkProfile(file, { env: {} });
  t.same(check.issues, []);
  t.equal(check.file, file);
  t.same(
    check.plan.order.map((p) => p.plugin.name),
    ['@tdss/kernel', 'acme-provider', 'acme-consumer'],
  );
});

t.test('checkProfile returns every issue at once, each at its file, line and column', async (t) => {
  const file = await write(
    'bad.yaml',
    `runtime:
  logLevel: loud
extra: 1
plugins:
  ./consumer.mjs:
    prot: 9000
  ./provider.mjs:
    text: \${MISSING_TEXT}
`,
  );
  const check = await checkProfile(file, { env: {} });
  const found = check.issues
    .map((i) => ({ file: i.file, line: i.line, column: i.column, message: i.message, hint: i.hint }))
    .sort((a, b) => a.line! - b.line!);
  t.equal(found.length, 4, JSON.stringify(found, null, 2));
  t.match(found, [
    { file, line: 2, column: 3, message: /^expected "fatal" or "error" or "warn" or "info" or "debug" or "trace" or "silent", found "loud"/ },
    { file, line: 3, column: 1, message: 'unknown top-level key' },
    { file, line: 6, column: 5, message: 'unknown setting, found 9000 (number)', hint: 'did you mean "port"?' },
    { file, line: 8, column: 5, message: 'environment variable MISSING_TEXT is not set' },
  ]);
});

t.test('a missing provider is located at the plugin that needs it and names a package to add', async (t) => {
  const file = await write('lonely.yaml', 'plugins:\n  ./consumer.mjs: {}\n');
  const check = await checkProfile(file, { env: {} });
  t.equal(check.issues.length, 1);
  t.match(check.issues[0]!, {
    file,
    line: 2,
    column: 3,
    message: /^plugin acme-consumer requires acme\.Greeting \(a greeting\), which no plugin in this profile provides/,
    hint: "add @acme/greeter to the profile's plugins",
  });
});

t.test('a bad value from the environment says which reference it came from', async (t) => {
  const file = await write('env.yaml', 'plugins:\n  ./provider.mjs: {}\n  ./consumer.mjs:\n    port: ${PORT}\n');
  const check = await checkProfile(file, { env: { PORT: 'eighty' } });
  t.equal(check.issues.length, 1);
  t.match(check.issues[0]!, { line: 4, column: 5, message: 'expected integer >= 1, found "eighty" (string) (from ${PORT})' });
});

t.test('an unset variable is one issue, not a second one about the empty value standing in for it', async (t) => {
  const file = await write('unset.yaml', 'plugins:\n  ./provider.mjs: {}\n  ./consumer.mjs:\n    port: ${PORT}\n');
  const check = await checkProfile(file, { env: {} });
  t.same(
    check.issues.map((i) => [i.line, i.message]),
    [[4, 'environment variable PORT is not set']],
  );
});

t.test('a JSON profile locates settings issues too', async (t) => {
  const file = await write(
    'bad.json',
    JSON.stringify({ runtime: { name: 'j' }, plugins: { './provider.mjs': {}, './consumer.mjs': { port: 'x' } } }, null, 2),
  );
  const check = await checkProfile(file, { env: {} });
  t.equal(check.issues.length, 1);
  t.match(check.issues[0]!, { file, line: 8, column: 7, message: 'expected integer >= 1, found "x" (string)' });
});

t.test('when a plugin does not load, its absence causes no graph issues, but settings are still checked', async (t) => {
  const file = await write('unresolved.yaml', 'plugins:\n  ./consumer.mjs:\n    port: 0\n  ./missing-provider.mjs: {}\n');
  const check = await checkProfile(file, { env: {} });
  t.same(
    check.issues.map((i) => [i.line, i.message]),
    [
      [4, `no plugin at ${join(dir, 'missing-provider.mjs')}`],
      [3, 'expected integer >= 1, found 0 (number)'],
    ],
  );
});

t.test('createRuntimeFromProfile throws a ProfileError listing every issue with file:line', async (t) => {
  const file = await write('broken.yaml', 'runtime:\n  shutdownTimeoutMs: 1\nplugins:\n  ./consumer.mjs:\n    port: -1\n');
  const error = await createRuntimeFromProfile(file, { env: {} }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof ProfileError, String(error));
  const profileError = error as ProfileError;
  t.equal(profileError.code, 'KERNEL_INVALID_PROFILE');
  t.equal(profileError.issues.length, 3);
  t.match(profileError.message, `${file} has 3 problems:`);
  t.match(profileError.message, `${file}:2:3 runtime.shutdownTimeoutMs: expected integer >= 100, found 1 (number)`);
  t.match(profileError.message, `${file}:5:5 plugins["./consumer.mjs"].port: expected integer >= 1, found -1 (number)`);
  t.match(profileError.message, `${file}:4:3 plugins["./consumer.mjs"]: plugin acme-consumer requires acme.Greeting`);
  t.match(profileError.message, "→ add @acme/greeter to the profile's plugins");
});

t.test('createRuntimeFromProfile throws before assembling when the profile itself is broken', async (t) => {
  const file = await write('unloadable.yaml', 'plugins:\n  ./nope.mjs: {}\n  ./consumer.mjs:\n    port: ${NOPE}\n');
  await t.rejects(createRuntimeFromProfile(file, { env: {} }), {
    name: 'ProfileError',
    message: new RegExp(`has 2 problems:[\\s\\S]*${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:3 plugins\\["\\./nope\\.mjs"\\]: no plugin at`),
  });
});

t.test('createRuntimeFromProfile builds a runtime that starts with the profile settings', async (t) => {
  const file = await write('run.yaml', 'runtime:\n  name: from-profile\nplugins:\n  ./provider.mjs:\n    text: ${TEXT}\n  ./consumer.mjs: {}\n');
  const lines: Array<Record<string, unknown>> = [];
  const runtime = await createRuntimeFromProfile(file, {
    env: { TEXT: 'bonjour' },
    logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  t.equal(runtime.info.name, 'from-profile');
  t.equal(runtime.info.profilePath, file);
  await runtime.start();
  await runtime.stop();
  t.match(
    lines.find((l) => l.msg === 'greeted'),
    { plugin: 'acme-consumer', runtime: 'from-profile', greeting: 'bonjour', port: 8080 },
  );
});
