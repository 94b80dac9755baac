import http from '@tdss/http';
import { HttpServer, type ProblemError } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { forEachDialect, rejectionOf, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import controlPlane from '../index.ts';
import { ParticipantContexts } from '../tokens.ts';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

await forEachDialect(t, 'participant contexts through the management API', async (t, _dialect, store) => {
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: http, settings: { port: 0 } }, { plugin: storeSql, settings: store }, { plugin: controlPlane }],
  });
  const api = `${runtime.get(HttpServer).url('management')}/v1/participants`;

  const created = await fetch(api, json({ id: 'acme', participantId: 'did:web:acme.example', properties: { region: 'eu' } }));
  t.equal(created.status, 201);
  t.equal(created.headers.get('location'), '/management/v1/participants/acme');
  t.match(await created.json(), { id: 'acme', participantId: 'did:web:acme.example', state: 'ACTIVATED', properties: { region: 'eu' } });

  const generated = await fetch(api, json({ participantId: 'did:web:beta.example' }));
  t.equal(generated.status, 201);
  const beta = (await generated.json()) as { id: string };
  t.match(beta.id, /^[0-9a-f-]{36}$/, 'an id is generated when none is given');

  const taken = await fetch(api, json({ id: 'acme', participantId: 'x' }));
  t.equal(taken.status, 409);
  t.equal(taken.headers.get('content-type'), 'application/problem+json');

  const invalid = await fetch(api, json({ id: '../etc', participantId: '', extra: 1 }));
  t.equal(invalid.status, 400);
  const problem = (await invalid.json()) as { errors: Array<{ path: string }> };
  t.same(problem.errors.map((e) => e.path).sort(), ['extra', 'id', 'participantId'], 'every invalid field is named');

  const notJson = await fetch(api, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'participantId=x' });
  t.equal(notJson.status, 415);

  for (let i = 0; i < 3; i++) await fetch(api, json({ id: `tenant-${i}`, participantId: `did:web:t${i}.example` }));
  const page = await fetch(`${api}?limit=2&offset=1`);
  t.equal(page.headers.get('x-total-count'), '5');
  t.same(((await page.json()) as Array<{ id: string }>).map((c) => c.id), [beta.id, 'tenant-0']);
  t.match(page.headers.get('link'), /rel="next".*rel="prev"/);
  const byParticipant = (await (await fetch(`${api}?participantId=did:web:t1.example`)).json()) as Array<{ id: string }>;
  t.same(byParticipant.map((c) => c.id), ['tenant-1']);
  t.equal((await fetch(`${api}?state=PAUSED`)).status, 400);

  t.equal((await fetch(`${api}/acme`, { method: 'DELETE' })).status, 409, 'an activated context cannot be deleted');
  const deactivated = await fetch(`${api}/acme/deactivate`, { method: 'POST' });
  t.match(await deactivated.json(), { state: 'DEACTIVATED' });
  const closed = await rejectionOf<ProblemError>(runtime.get(ParticipantContexts).getActive('acme'));
  t.equal(closed.status, 404, 'a deactivated context is closed to the protocol');
  t.match(await (await fetch(`${api}/acme`)).json(), { state: 'DEACTIVATED' }, 'the operator still sees it');
  const listed = (await (await fetch(`${api}?state=DEACTIVATED`)).json()) as Array<{ id: string }>;
  t.same(listed.map((c) => c.id), ['acme']);
  t.match(await (await fetch(`${api}/acme/activate`, { method: 'POST' })).json(), { state: 'ACTIVATED' });
  await fetch(`${api}/acme/deactivate`, { method: 'POST' });
  t.equal((await fetch(`${api}/acme`, { method: 'DELETE' })).status, 204);
  t.equal((await fetch(`${api}/acme`)).status, 404);
  t.equal((await fetch(`${api}/nobody/deactivate`, { method: 'POST' })).status, 404);

  const openapi = (await (await fetch(`${runtime.get(HttpServer).url('management')}/openapi.json`)).json()) as { paths: object };
  t.ok('/v1/participants/{participantContextId}/deactivate' in openapi.paths, 'the API is in the OpenAPI document');
});
