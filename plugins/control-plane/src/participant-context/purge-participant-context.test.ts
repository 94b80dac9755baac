import type { ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import { expectJson, send, startManagementApi } from '../management/test-support/start-management-api.ts';
import { ParticipantContexts } from '../tokens.ts';

await forEachDialect(t, 'a suspended context is read-only; a purge removes it with every row of it, and only its rows', async (t, _dialect, store) => {
  const api = await startManagementApi(t, store);
  const contexts = api.runtime.get(ParticipantContexts);
  for (const id of ['alpha', 'beta']) {
    const base = api.participant(id);
    await expectJson(t, fetch(`${base}/policydefinitions`, send('POST', { '@id': 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } })), 201);
    await expectJson(t, fetch(`${base}/assets`, send('POST', { '@id': 'a1', properties: {}, dataAddress: { type: 'HttpData', baseUrl: 'https://a.example' } })), 201);
    await expectJson(t, fetch(`${base}/contractdefinitions`, send('POST', { '@id': 'cd', accessPolicyId: 'open', contractPolicyId: 'open' })), 201);
  }

  t.equal((await rejectionOf<ProblemError>(contexts.purge('alpha'))).status, 409, 'an active context is not purged');
  await contexts.setState('alpha', 'DEACTIVATED');
  const alpha = api.participant('alpha');
  const refused = await expectJson(t, fetch(`${alpha}/assets`, send('POST', { '@id': 'a2', properties: {}, dataAddress: { type: 'HttpData', baseUrl: 'https://a.example' } })), 409);
  t.match(refused, { title: 'participant context is suspended', detail: /alpha is suspended/ });
  await expectJson(t, fetch(`${alpha}/assets/a1`, { method: 'DELETE' }), 409, 'deleting is writing too');
  await expectJson(t, fetch(`${alpha}/contractnegotiations`, send('POST', {})), 409, 'so is starting a negotiation');
  t.equal((await expectJson(t, fetch(`${alpha}/assets`), 200)).length, 1, 'reads work');
  t.equal((await expectJson(t, fetch(`${alpha}/assets/request`, send('POST', {})), 200)).length, 1, 'and so do queries');

  const purged = await contexts.purge('alpha');
  t.match(purged, { cp_asset: 1, cp_policy_definition: 1, cp_contract_definition: 1, cp_participant_context: 1 }, 'every row of it, counted');
  t.equal((await rejectionOf<ProblemError>(contexts.get('alpha'))).status, 404);
  t.same(Object.values(await contexts.purge('alpha')).filter((n) => n > 0), [], 'purging again deletes nothing');
  for (const segment of ['assets', 'policydefinitions', 'contractdefinitions']) {
    t.equal((await expectJson(t, fetch(`${api.participant('beta')}/${segment}`), 200)).length, 1, `beta keeps its ${segment}`);
  }
});
