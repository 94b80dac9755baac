import { HttpServer } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { startTenantRuntime } from '../test-support/tenant-runtime.ts';

await forEachDialect(t, 'tenant API: validation, conflicts, paging and filters', async (t, _dialect, database) => {
  const { runtime, api, waitForTenant } = await startTenantRuntime(t, database);

  const invalid = await api('POST', '', { id: '../etc', name: '  ', settings: [], extra: 1 });
  t.equal(invalid.status, 400);
  t.equal(invalid.headers.get('content-type'), 'application/problem+json');
  t.same(invalid.body.errors.map((e: { path: string }) => e.path).sort(), ['extra', 'id', 'name', 'settings'], 'every invalid field is named');
  t.match((await api('POST', '', {})).body.errors, [{ path: 'name' }], 'a name is required');
  t.equal((await api('POST', '', [1])).status, 400, 'an array is no tenant');

  const generated = await api('POST', '', { name: 'Generated' });
  t.equal(generated.status, 201);
  t.match(generated.body.id, /^[0-9a-f-]{36}$/, 'an id is generated when none is given');
  for (const name of ['Alpha', 'Beta', 'Gamma']) t.equal((await api('POST', '', { id: name.toLowerCase(), name })).status, 201);
  t.equal((await api('POST', '', { id: 'alpha', name: 'Other' })).status, 409, 'a taken id');
  t.equal((await api('POST', '', { id: 'other', name: 'Alpha' })).status, 409, 'a taken name');
  const raced = await Promise.all(['r1', 'r2', 'r3'].map((id) => api('POST', '', { id, name: 'Raced' })));
  t.same(raced.map((answer) => answer.status).sort(), [201, 409, 409], 'of concurrent creations with one name, one wins and the others get 409');
  const winner = raced.find((answer) => answer.status === 201)!.body.id as string;
  await waitForTenant(winner, ['ACTIVE']);
  t.equal((await api('DELETE', `/${winner}`)).status, 202);
  await waitForTenant(winner, ['TERMINATED']);
  for (const id of [generated.body.id, 'alpha', 'beta', 'gamma']) await waitForTenant(id, ['ACTIVE']);

  const page = await api('GET', '?limit=2&offset=1');
  t.equal(page.headers.get('x-total-count'), '5');
  t.same(page.body.map((tenant: { id: string }) => tenant.id), ['alpha', 'beta'], 'oldest first');
  t.same((await api('GET', '?state=TERMINATED')).body.map((tenant: { id: string }) => tenant.id), [winner], 'filtered by state');
  t.match(page.headers.get('link'), /rel="next".*rel="prev"/);
  t.same((await api('GET', '?name=Gamma')).body.map((tenant: { id: string }) => tenant.id), ['gamma'], 'filtered by name');
  await api('POST', '/beta/suspend');
  await waitForTenant('beta', ['SUSPENDED']);
  t.same((await api('GET', '?state=SUSPENDED')).body.map((tenant: { id: string }) => tenant.id), ['beta'], 'filtered by state');
  t.equal((await api('GET', '?state=PAUSED')).status, 400, 'an unknown state');
  t.equal((await api('GET', '?limit=0')).status, 400, 'a bad limit');
  t.equal((await api('GET', '?colour=red')).status, 400, 'an unknown filter');

  t.equal((await api('GET', '/nobody')).status, 404);
  t.equal((await api('POST', '/nobody/suspend')).status, 404);
  t.equal((await api('DELETE', '/nobody')).status, 404);
  t.equal((await api('PATCH', '/alpha', {})).status, 400, 'a change needs a field');
  t.equal((await api('PATCH', '/alpha', { name: 'Gamma' })).status, 409, 'a name taken by another tenant');
  t.match((await api('PATCH', '/alpha', { name: 'Alpha Two' })).body, { id: 'alpha', name: 'Alpha Two' });
  t.match(await api('POST', '/alpha/resume'), { status: 202, body: { state: 'ACTIVE' } }, 'resuming an active tenant changes nothing');
  t.match(await api('POST', '/beta/resume'), { status: 202, body: { state: 'RESUMING' } });
  t.equal((await waitForTenant('beta', ['ACTIVE', 'SUSPENDED'])).state, 'ACTIVE');

  const badSettings = await api('PATCH', '/alpha', { settings: { region: 'eu', dataspaces: ['local', 'nowhere', 'local'], infrastructure: 'big' } });
  t.equal(badSettings.status, 400);
  t.same(
    badSettings.body.errors.map((e: { path: string }) => e.path).sort(),
    ['settings.dataspaces', 'settings.infrastructure', 'settings.region'],
    'settings are checked by their schema, each bad field named',
  );
  const unknownDataspace = await api('PATCH', '/alpha', { settings: { dataspaces: ['local', 'nowhere'] } });
  t.match(unknownDataspace, { status: 400, body: { errors: [{ path: 'settings.dataspaces.1', problem: /unknown dataspace "nowhere"; configured: local, catena/ }] } });
  t.same((await api('GET', '/gamma')).body.settings, { dataspaces: ['local', 'catena'] }, 'a tenant joins every configured dataspace by default');

  const openapi = (await (await fetch(`${runtime.get(HttpServer).url('management')}/openapi.json`)).json()) as { paths: object };
  t.ok('/v1/tenants/{tenantId}/suspend' in openapi.paths, 'the API is in the OpenAPI document');
});
