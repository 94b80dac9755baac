/**
 * `tdss tenant` against a real runtime: the all-in-one profile (SQLite, port 0, the operator
 * token from TDSS_ADMIN_TOKEN) plus a stand-in data plane as an extra provisioning step, which
 * refuses tenants named `refused-*` and holds tenants named `held-*` until the test lets them go.
 * The CLI runs in-process through runCli and, for environment defaults and Ctrl-C, as a process.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadProfile } from '@tdss/kernel';
import { definePlugin } from '@tdss/sdk';
import { createTempDir, freePort, spawnCli } from '@tdss/testing';
import { PermanentError, WorkflowActivities } from '@tdss/workflow';
import t from 'tap';
import { profilePath, RUNTIME_DIR } from '../../builtin-profiles.ts';
import { launch } from '../../launch.ts';
import { runCli } from '../run-cli.ts';
import { tenantCommand } from './tenant-command.ts';

const TOKEN = 'cli-test-operator-token-0123456789';
const release = Promise.withResolvers<void>();

const dataPlane = definePlugin({
  name: 'test-data-plane',
  version: '0.0.0',
  contributes: [WorkflowActivities],
  register(ctx) {
    ctx.contribute(WorkflowActivities, {
      type: 'test.data-plane',
      async execute({ input }) {
        const name = String(input.name);
        if (name.startsWith('refused-')) throw new PermanentError('the data plane refused the tenant');
        if (name.startsWith('held-')) await release.promise;
        return {};
      },
      async compensate() {},
    });
  },
});

let url = '';

t.before(async () => {
  const dataDir = await createTempDir(t, 'tdss-cli-tenant-');
  const profile = await loadProfile(profilePath('all-in-one'), {
    searchFrom: [RUNTIME_DIR],
    env: { TDSS_ADMIN_TOKEN: TOKEN, TDSS_PORT: '0', TDSS_DATA_DIR: join(dataDir, 'data'), TDSS_LOG_LEVEL: 'silent' },
  });
  if (profile.issues.length) throw new Error(`the all-in-one profile does not load: ${JSON.stringify(profile.issues)}`);
  const tdss = await launch(
    { runtime: profile.options.runtime as Record<string, unknown>, plugins: [...profile.options.plugins.map(({ plugin, settings }) => ({ plugin, settings })), { plugin: dataPlane }] },
    {
      settings: {
        '@tdss/secrets-local': { keyDir: join(dataDir, 'config') },
        '@tdss/tenant-manager': { extraProvisioningActivities: ['test.data-plane'] },
        '@tdss/workflow': { steps: { pollIntervalMs: 50 } },
      },
    },
  );
  t.teardown(() => tdss.stop());
  await tdss.start();
  // Last registered, first run: a held activity lets go before the runtime stops.
  t.teardown(() => release.resolve());
  url = tdss.url('management');
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `tdss tenant <args>` against the test runtime with the operator token. */
const tenant = (...args: string[]) => cli(['tenant', ...args, '--url', url, '--token', TOKEN]);

interface ApiTenant {
  state: string;
  did: string | null;
  settings: Record<string, unknown>;
  orchestration: { steps: Array<{ id: string; state: string }> };
}

async function apiTenant(id: string): Promise<ApiTenant> {
  const response = await fetch(`${url}/v1/tenants/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return (await response.json()) as ApiTenant;
}

async function waitForState(id: string, state: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await apiTenant(id)).state !== state) {
    if (Date.now() > deadline) throw new Error(`tenant ${id} never became ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

t.test('create follows provisioning step by step until ACTIVE', async (t) => {
  const result = await tenant('create', '--name', 'Acme Corp', '--id', 'acme', '--settings', '{"dataspaces":["local"]}');
  t.equal(result.code, 0, 'exit 0', { stderr: result.err });
  const api = await apiTenant('acme');
  t.equal(api.state, 'ACTIVE');
  t.same(api.settings, { dataspaces: ['local'] });
  t.equal(result.out, `tenant acme is ACTIVE: ${api.did}`);
  const lines = result.err.split('\n');
  t.equal(lines[0], 'tenant acme: PROVISIONING, workflow provision:acme (provision-tenant)');
  t.equal(lines.at(-1), 'tenant acme: ACTIVE');
  const steps = api.orchestration.steps.map((step) => step.id);
  t.ok(steps.includes('extra-1'), 'the steps shown are the workflow\'s, the test plugin\'s included');
  for (const step of steps) {
    const completed = lines.filter((line) => new RegExp(`^  ✓ ${step}\\s+\\S+\\s+COMPLETED\\s+\\d`).test(line));
    t.equal(completed.length, 1, `one line for ${step} COMPLETED, with its duration`);
  }
  t.equal(new Set(lines).size, lines.length, 'no line is repeated');
});

t.test('create --no-wait --output json answers at once; --settings reads @file', async (t) => {
  const dir = await createTempDir(t, 'tdss-cli-settings-');
  const file = join(dir, 'settings.json');
  await writeFile(file, JSON.stringify({ dataspaces: ['local'] }));
  const result = await tenant('create', '--name', 'Beta', '--id', 'beta', '--settings', `@${file}`, '--no-wait', '--output', 'json');
  t.equal(result.code, 0, 'exit 0', { stderr: result.err });
  t.equal(result.err, '', 'no progress without waiting');
  const body = JSON.parse(result.out) as { id: string; state: string; settings: unknown };
  t.match(body, { id: 'beta', state: 'PROVISIONING', settings: { dataspaces: ['local'] } });
  await waitForState('beta', 'ACTIVE');
});

t.test('list shows the total and the command for the next page; filters and json', async (t) => {
  const all = await tenant('list');
  t.equal(all.code, 0, 'exit 0', { stderr: all.err });
  const rows = all.out.split('\n');
  t.match(rows[0], /^ID\s+NAME\s+STATE\s+DID\s+CREATED$/);
  t.match(rows[1], /^acme\s+Acme Corp\s+ACTIVE\s+did:web:/);
  t.match(rows[2], /^beta\s+Beta\s+ACTIVE\s+did:web:/);
  t.equal(rows[3], '1-2 of 2 tenants');

  const first = await tenant('list', '--limit', '1');
  t.match(first.out, /^acme /m);
  const footer = first.out.split('\n').at(-1)!;
  t.equal(footer, '1-1 of 2 tenants; next page: tdss tenant list --offset 1 --limit 1');
  const second = await tenant(...footer.split('next page: tdss tenant ')[1]!.split(' '));
  t.match(second.out, /^beta /m);
  t.equal(second.out.split('\n').at(-1), '2-2 of 2 tenants');

  const byName = await tenant('list', '--name', 'Acme Corp', '--state', 'active', '--output', 'json');
  const page = JSON.parse(byName.out) as { total: number; items: Array<{ id: string }>; next: unknown };
  t.equal(page.total, 1);
  t.same(page.items.map((i) => i.id), ['acme']);
  t.equal(page.next, null);
  const paged = JSON.parse((await tenant('list', '--limit', '1', '--output', 'json')).out) as { next: unknown };
  t.same(paged.next, { offset: 1, limit: 1 });
  t.equal((await tenant('list', '--state', 'suspended')).out, 'no tenants match');
  t.equal((await tenant('list', '--state', 'active', '--limit', '1')).out.split('\n').at(-1), '1-1 of 2 tenants; next page: tdss tenant list --state ACTIVE --offset 1 --limit 1');

  const badState = await tenant('list', '--state', 'sleepy');
  t.equal(badState.code, 1);
  t.match(badState.err, /^tdss tenant: Bad Request: state must be one of /);
});

t.test('show prints the tenant and each step of its workflow', async (t) => {
  const result = await tenant('show', 'acme');
  t.equal(result.code, 0, 'exit 0', { stderr: result.err });
  t.match(result.out, /^ID\s+acme$/m);
  t.match(result.out, /^State\s+ACTIVE$/m);
  t.match(result.out, /^Settings\s+\{"dataspaces":\["local"\]\}$/m);
  t.match(result.out, /^Workflow provision:acme \(provision-tenant\): COMPLETED$/m);
  t.match(result.out, /^ {2}STEP\s+ACTIVITY\s+STATE\s+ATTEMPTS\s+DURATION\s+ERROR$/m);
  t.match(result.out, /^ {2}extra-1\s+test\.data-plane\s+COMPLETED\s+1\s+\d/m);
  const json = JSON.parse((await tenant('show', 'acme', '--output', 'json')).out) as { orchestration: { steps: Array<{ state: string }> } };
  t.ok(json.orchestration.steps.length >= 4);
  t.ok(json.orchestration.steps.every((s) => s.state === 'COMPLETED'));

  const missing = await tenant('show', 'nobody');
  t.equal(missing.code, 1);
  t.match(missing.err, /^tdss tenant: Not Found: .*nobody/);
});

t.test('suspend and resume', async (t) => {
  const suspended = await tenant('suspend', 'acme');
  t.equal(suspended.code, 0, 'exit 0', { stderr: suspended.err });
  t.match(suspended.out, /tenant acme is SUSPENDED$/);
  t.equal((await apiTenant('acme')).state, 'SUSPENDED');
  const resumed = await tenant('resume', 'acme', '--output', 'json');
  t.equal(resumed.code, 0, 'exit 0', { stderr: resumed.err });
  t.equal((JSON.parse(resumed.out) as { state: string }).state, 'ACTIVE');
  t.equal((await apiTenant('acme')).state, 'ACTIVE');
});

t.test('delete follows termination until TERMINATED', async (t) => {
  const result = await tenant('delete', 'beta');
  t.equal(result.code, 0, 'exit 0', { stderr: result.err });
  t.equal(result.out, 'tenant beta is TERMINATED');
  t.match(result.err, /^tenant beta: TERMINATING, workflow terminate:beta:\S+ \(terminate-tenant\)$/m);
  t.equal(result.err.split('\n').at(-1), 'tenant beta: TERMINATED');
  t.equal((await apiTenant('beta')).state, 'TERMINATED');
  const again = await tenant('delete', 'beta');
  t.equal(again.code, 0);
  t.equal(again.out, 'tenant beta is TERMINATED');
  const refused = await tenant('suspend', 'beta');
  t.equal(refused.code, 1, 'a terminated tenant cannot be suspended');
  t.match(refused.err, /^tdss tenant: Conflict: tenant beta is TERMINATED/);
});

t.test('a create whose workflow fails exits 1 with the cause and the failing step', async (t) => {
  const result = await tenant('create', '--name', 'refused-one', '--id', 'refused');
  t.equal(result.code, 1);
  const refused = await apiTenant('refused');
  t.equal(refused.state, 'FAILED');
  const undone = refused.orchestration.steps.filter((step) => step.state === 'COMPENSATED').map((step) => step.id);
  t.ok(undone.includes('identity'), 'provisioning got past its first step before it was undone');
  t.match(result.err, 'tdss tenant create: tenant refused FAILED: step extra-1 (test.data-plane) failed: the data plane refused the tenant');
  t.match(result.err, /failing step: extra-1 \(test\.data-plane\), FAILED after 1 attempt: the data plane refused the tenant/);
  t.match(result.err, `undone: ${undone.join(', ')}`);
  t.match(result.err, 'then: tdss tenant delete refused');
  t.match(result.err, /^ {2}↩ identity\s+\S+\s+COMPENSATED/m, 'progress shows the compensations');
});

t.test('refusals of the API name the field, the token and the URL', async (t) => {
  const blank = await tenant('create', '--name', '  ', '--id', 'bad id');
  t.equal(blank.code, 1);
  t.match(blank.err, /^tdss tenant: Bad Request:$/m);
  t.match(blank.err, /^ {2}field id \(--id\): must match /m);
  t.match(blank.err, /^ {2}field name \(--name\): must be a string of 1 to 200 characters/m);

  const taken = await tenant('create', '--name', 'Acme Corp');
  t.equal(taken.code, 1);
  t.match(taken.err, /^tdss tenant: Conflict: .*Acme Corp/);

  const wrong = await cli(['tenant', 'list', '--url', url, '--token', 'not-the-operator-token']);
  t.equal(wrong.code, 1);
  t.match(wrong.err, /^tdss tenant: Unauthorized: /);
  t.match(wrong.err, 'the token was refused; pass the operator token (the TDSS_ADMIN_TOKEN the runtime started with) as the environment variable TDSS_TOKEN or with --token');
  t.notMatch(wrong.err, 'not-the-operator-token', 'the token is not printed');
  const out: string[] = [];
  const none = await tenantCommand(['list', '--url', url], { out: (s) => out.push(s), err: (s) => out.push(s) }, {});
  t.equal(none, 1);
  t.match(out.join('\n'), 'no token was given');

  const root = url.replace(/\/management$/, '');
  const wrongUrl = await cli(['tenant', 'list', '--url', root, '--token', TOKEN]);
  t.equal(wrongUrl.code, 1);
  t.match(wrongUrl.err, /^tdss tenant: Not Found: /);
  t.match(wrongUrl.err, `→ ${root} has no tenant API: is --url (or TDSS_MANAGEMENT_URL) the management context, e.g. http://127.0.0.1:8080/management?`);

  const other = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>bad gateway</h1>'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => other.close(resolve)));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/management`;
  const notTdss = await cli(['tenant', 'show', 'acme', '--url', otherUrl, '--token', TOKEN]);
  t.equal(notTdss.code, 1);
  t.match(notTdss.err, `tdss tenant: HTTP 502 Bad Gateway from ${otherUrl}, not a problem answer of TDSS`);

  const port = await freePort();
  const down = await cli(['tenant', 'list', '--url', `http://127.0.0.1:${port}/management`, '--token', TOKEN]);
  t.equal(down.code, 1);
  t.equal(
    down.err,
    `tdss tenant: cannot reach the management API at http://127.0.0.1:${port}/management (connection refused)\n` +
      '  → the runtime must be running: start it with `npm start` (or `tdss start`), or point --url (or TDSS_MANAGEMENT_URL) at its management context',
  );
});

t.test('usage errors exit 2 naming the command and the fix, before any request', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['tenant'], /^Usage: tdss tenant <command>/],
    [['tenant', 'frobnicate'], /^tdss tenant: unknown command "frobnicate"; the commands are create, list, show, suspend, resume, delete/],
    [['tenant', 'create'], /^tdss tenant create: --name is required, e.g. tdss tenant create --name "Acme Corp"/],
    [['tenant', 'create', '--name', 'x', '--settings', '{oops'], /^tdss tenant create: --settings: the value of --settings is not JSON/],
    [['tenant', 'create', '--name', 'x', '--settings', '[1]'], /^tdss tenant create: --settings: the value of --settings is not a JSON object/],
    [['tenant', 'create', '--name', 'x', '--settings', '@/no/such/file.json'], /^tdss tenant create: --settings: cannot read \/no\/such\/file\.json/],
    [['tenant', 'create', '--name', 'x', '--timeout', 'soon'], /^tdss tenant create: --timeout takes a duration such as 90s, 5m or 1h, not "soon"/],
    [['tenant', 'show'], /^tdss tenant show: name the tenant, e.g. tdss tenant show acme/],
    [['tenant', 'show', 'a', 'b'], /^tdss tenant show: unexpected argument: b/],
    [['tenant', 'suspend', 'acme', '--name', 'x'], /^tdss tenant suspend: --name is not an option of suspend/],
    [['tenant', 'list', '--limit', 'ten'], /^tdss tenant list: --limit takes a whole number, not "ten"/],
    [['tenant', 'list', '--output', 'yaml'], /^tdss tenant list: --output is table or json, not "yaml"/],
    [['tenant', 'list', '--bogus'], /^tdss tenant list: Unknown option '--bogus'/],
  ];
  for (const [args, message] of cases) {
    const result = await cli([...args, '--url', url, '--token', TOKEN]);
    t.equal(result.code, 2, args.join(' '));
    t.match(result.err, message, args.join(' '));
  }
  const names = JSON.parse((await tenant('list', '--output', 'json')).out) as { items: Array<{ name: string }> };
  t.notOk(names.items.some((i) => i.name === 'x'), 'no tenant was created by a command with a usage error');

  const help = await cli(['tenant', '--help']);
  t.equal(help.code, 0);
  for (const command of ['create', 'list', 'show', 'suspend', 'resume', 'delete']) t.match(help.out, new RegExp(`^ {2}${command} `, 'm'));
  t.match(help.out, 'Exit codes: 0 done; 1 the API refused');
  t.match((await cli(['--help'])).out, /^ {2}tenant <command>/m);
});

t.test('--timeout ends the following, not the workflow', async (t) => {
  const result = await tenant('create', '--name', 'held-two', '--id', 'held-two', '--timeout', '0.5s', '--output', 'json');
  t.equal(result.code, 1);
  t.match(JSON.parse(result.out), { id: 'held-two', state: 'PROVISIONING', orchestration: { state: 'RUNNING' } }, 'json: the last state seen');
  t.match(result.err, 'tdss tenant create: tenant held-two is still PROVISIONING after 0.5s; its workflow goes on in the runtime — check it with tdss tenant show held-two');
  t.equal((await apiTenant('held-two')).state, 'PROVISIONING');
});

t.test('as a process: defaults from the environment, and Ctrl-C stops following without cancelling', async (t) => {
  const env = { TDSS_MANAGEMENT_URL: url, TDSS_TOKEN: TOKEN };
  const create = await spawnCli(['tenant', 'create', '--name', 'held-one', '--id', 'held'], env);
  t.teardown(() => create.cleanup());
  const deadline = Date.now() + 15_000;
  while (!/extra-1\s+test\.data-plane\s+RUNNING/.test(create.stderr())) {
    if (Date.now() > deadline || create.child.exitCode !== null) throw new Error(`no RUNNING line for the held step:\n${create.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  create.child.kill('SIGINT');
  t.equal(await create.exited, 130);
  t.match(create.stderr(), 'tdss tenant create: stopped following tenant held (Ctrl-C); its workflow was not cancelled and goes on in the runtime — check it with tdss tenant show held');
  t.equal((await apiTenant('held')).state, 'PROVISIONING', 'still provisioning after Ctrl-C');

  release.resolve();
  await waitForState('held', 'ACTIVE');
  await waitForState('held-two', 'ACTIVE');
  const show = await spawnCli(['tenant', 'show', 'held', '--output', 'json'], { TDSS_MANAGEMENT_URL: url, TDSS_ADMIN_TOKEN: TOKEN });
  t.teardown(() => show.cleanup());
  t.equal(await show.exited, 0, 'exit 0', { stderr: show.stderr() });
  t.equal((JSON.parse(show.stdout()) as { state: string }).state, 'ACTIVE', 'TDSS_ADMIN_TOKEN serves as the token too');
});
