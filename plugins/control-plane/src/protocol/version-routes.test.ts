import http from '@tdss/http';
import { HttpServer } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { startTestRuntime } from '@tdss/testing';
import t from 'tap';
import controlPlane from '../index.ts';
import { ParticipantContexts } from '../tokens.ts';

t.test('each participant context announces its DSP 2025-1 endpoints', async (t) => {
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: http, settings: { port: 0 } }, { plugin: storeSql }, { plugin: controlPlane }],
  });
  const contexts = runtime.get(ParticipantContexts);
  await contexts.create({ id: 'acme', participantId: 'did:web:acme' });
  const protocol = runtime.get(HttpServer).url('protocol');
  const expected = { protocolVersions: [{ version: '2025-1', path: '/protocol/acme/2025-1', binding: 'HTTPS' }] };

  for (const url of [`${protocol}/acme/.well-known/dspace-version`, `${protocol}/.well-known/dspace-version/acme`]) {
    const res = await fetch(url);
    t.equal(res.status, 200, url);
    t.same(await res.json(), expected, url);
  }
  t.equal((await fetch(`${protocol}/nobody/.well-known/dspace-version`)).status, 404);
  await contexts.setState('acme', 'DEACTIVATED');
  t.equal((await fetch(`${protocol}/acme/.well-known/dspace-version`)).status, 404, 'a deactivated participant is not announced');
});
