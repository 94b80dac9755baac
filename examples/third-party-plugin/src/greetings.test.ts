import { fileURLToPath } from 'node:url';
import { launch, type TdssHandle } from '@tdss/runtime';
import { createTempDir, forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';

const PROFILE = fileURLToPath(new URL('../profile.yaml', import.meta.url));

async function start(t: Test, dataDir: string, store: object): Promise<TdssHandle> {
  const tdss = await launch(PROFILE, {
    runtime: { dataDir, logLevel: 'silent' },
    settings: { '@tdss/http': { port: 0 }, '@tdss/store-sql': store },
  });
  t.teardown(() => tdss.stop());
  await tdss.start();
  return tdss;
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

await forEachDialect(t, 'the greetings plugin, loaded by package name from a profile', async (t, _dialect, store) => {
  const dataDir = await createTempDir(t, 'tdss-greetings-');
  const tdss = await start(t, dataDir, store);
  const api = `${tdss.url('management')}/v1/tenants`;

  const created = await post(`${api}/acme/greetings`, { name: 'Ada' });
  t.equal(created.status, 201);
  const greeting = (await created.json()) as { id: string; message: string; tenantId: string };
  t.equal(greeting.message, 'Hello, Ada!', 'uses the greeting from the profile');
  t.equal(greeting.tenantId, 'acme');
  t.equal(created.headers.get('location'), `/management/v1/tenants/acme/greetings/${greeting.id}`);

  const tooLong = await post(`${api}/acme/greetings`, { name: 'x'.repeat(33) });
  t.equal(tooLong.status, 400);
  t.equal(tooLong.headers.get('content-type'), 'application/problem+json');
  t.match(await tooLong.json(), { status: 400, detail: /allows 32/ }, 'maxNameLength from the profile applies');

  const malformed = await post(`${api}/acme/greetings`, '{"name":');
  t.equal(malformed.status, 400);
  t.equal(malformed.headers.get('content-type'), 'application/problem+json');

  await post(`${api}/acme/greetings`, { name: 'Grace' });
  await post(`${api}/acme/greetings`, { name: 'Linus' });
  const first = await fetch(`${api}/acme/greetings?limit=2`);
  t.equal(first.headers.get('x-total-count'), '3');
  t.same(((await first.json()) as Array<{ name: string }>).map((g) => g.name), ['Ada', 'Grace']);
  const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
  t.equal(next, '/management/v1/tenants/acme/greetings?limit=2&offset=2', 'Link points at the next page');
  const second = (await (await fetch(new URL(next!, api))).json()) as Array<{ name: string }>;
  t.same(second.map((g) => g.name), ['Linus']);
  const filtered = await fetch(`${api}/acme/greetings?name=Grace`);
  t.equal(filtered.headers.get('x-total-count'), '1', 'filters by name');
  t.equal((await fetch(`${api}/acme/greetings?limit=0`)).status, 400);
  const typo = await fetch(`${api}/acme/greetings?nmae=Grace`);
  t.equal(typo.status, 400, 'an unknown filter is refused, not ignored');
  t.match(await typo.json(), { errors: [{ parameter: 'nmae' }] });

  const other = await fetch(`${api}/intruder/greetings/${greeting.id}`);
  t.equal(other.status, 404, "another tenant cannot read acme's greeting");
  const otherList = await fetch(`${api}/intruder/greetings`);
  t.same(await otherList.json(), [], "another tenant's list is empty");
  t.equal(otherList.headers.get('x-total-count'), '0');

  const openapi = (await (await fetch(`${tdss.url('management')}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  t.ok(openapi.paths['/v1/tenants/{tenantId}/greetings/{id}'], 'OpenAPI documents the plugin routes');

  await tdss.stop();
  const again = await start(t, dataDir, store);
  const kept = await fetch(`${again.url('management')}/v1/tenants/acme/greetings/${greeting.id}`);
  t.equal(kept.status, 200, 'data survives a restart, and migrations do not run twice');
});
