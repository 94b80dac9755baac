import type { ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import { errorPaths, expectJson, send, startManagementApi } from '../management/test-support/start-management-api.ts';
import { PolicyDefinitions } from '../tokens.ts';

const EDC = 'https://w3id.org/edc/v0.0.1/ns/';
const research = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] };

await forEachDialect(t, 'policy definitions through the management API', async (t, _dialect, store) => {
  const api = await startManagementApi(t, store);
  const policies = `${api.participant('alpha')}/policydefinitions`;
  const contracts = `${api.participant('alpha')}/contractdefinitions`;

  await t.test('create, read, list, replace and delete', async (t) => {
    const res = await fetch(policies, send('POST', { '@id': 'research-only', policy: research, privateProperties: { owner: 'legal' } }));
    t.equal(res.headers.get('location'), '/management/v1/participants/alpha/policydefinitions/research-only');
    const created = await expectJson(t, res, 201);
    t.same(created.policy, research, 'the policy is stored as given');
    t.match(created, { '@id': 'research-only', '@type': 'PolicyDefinition', privateProperties: { owner: 'legal' } });
    t.type(created.createdAt, 'number');
    t.same(await expectJson(t, fetch(`${policies}/research-only`), 200), created);
    await expectJson(t, fetch(policies, send('POST', { '@id': 'research-only', policy: research })), 409);

    const open = await expectJson(t, fetch(policies, send('POST', { policy: { '@type': 'Set', permission: [{ action: 'use' }] } })), 201);
    const list = await fetch(`${policies}?limit=1`);
    t.equal(list.headers.get('x-total-count'), '2');
    t.same(((await list.json()) as Array<{ '@id': string }>).map((p) => p['@id']), ['research-only']);
    t.same((await expectJson(t, fetch(`${policies}?privateProperties.owner=legal`), 200)).map((p: { '@id': string }) => p['@id']), ['research-only']);
    const queried = await expectJson(t, fetch(`${policies}/request`, send('POST', { sortField: 'id', sortOrder: 'DESC', filterExpression: [{ operandLeft: 'id', operator: 'in', operandRight: [open['@id'], 'research-only'] }] })), 200);
    t.same(queried.map((p: { '@id': string }) => p['@id']), [open['@id'], 'research-only'].sort().reverse());
    const badSort = await expectJson(t, fetch(`${policies}/request`, send('POST', { sortField: 'policy' })), 400);
    t.same(errorPaths(badSort), ['sortField']);
    t.same(errorPaths(await expectJson(t, fetch(`${policies}/request`, send('POST', { filterExpression: [{ operandLeft: 'name', operator: '=', operandRight: 'x' }] })), 400)), ['filterExpression[0].operandLeft'], 'policy definitions have no properties');

    const replaced = await expectJson(t, fetch(`${policies}/${open['@id']}`, send('PUT', { policy: { '@type': 'Set', prohibition: [{ action: 'distribute' }] } })), 200);
    t.same(replaced.policy, { '@type': 'Set', prohibition: [{ action: 'distribute' }] });
    t.same(replaced.privateProperties, {});
    t.equal((await fetch(`${policies}/${open['@id']}`, { method: 'DELETE' })).status, 204);
    await expectJson(t, fetch(`${policies}/${open['@id']}`), 404);
  });

  await t.test('JSON-LD and plain JSON store the same policy definition', async (t) => {
    const plain = await expectJson(t, fetch(policies, send('POST', { id: 'ld-plain', policy: research, privateProperties: { team: 'a' } })), 201);
    const viaContext = await expectJson(
      t,
      fetch(policies, send('POST', { '@context': ['https://w3id.org/edc/connector/management/v2'], '@type': 'PolicyDefinition', '@id': 'ld-context', policy: research, privateProperties: { team: 'a' } }, 'application/ld+json')),
      201,
    );
    const inline = await expectJson(
      t,
      fetch(
        policies,
        send(
          'POST',
          {
            '@context': { '@vocab': EDC },
            '@id': 'ld-inline',
            '@type': 'PolicyDefinition',
            policy: { '@context': 'https://w3id.org/dspace/2025/1/odrl-profile.jsonld', ...research },
            'edc:privateProperties': { 'edc:team': 'a' },
          },
          'application/ld+json',
        ),
      ),
      201,
    );
    for (const other of [viaContext, inline]) t.same([other.policy, other.privateProperties], [plain.policy, plain.privateProperties]);
  });

  await t.test('invalid policies are refused with the path of each problem', async (t) => {
    const edcVocabulary = await expectJson(t, fetch(policies, send('POST', { '@context': { '@vocab': EDC }, policy: research }, 'application/ld+json')), 400);
    t.match(edcVocabulary.detail, 'http://www.w3.org/ns/odrl.jsonld', 'ODRL terms read in the EDC vocabulary get a hint');
    const problem = await expectJson(
      t,
      fetch(policies, send('POST', { '@id': 7, policy: { '@type': 'Set', permission: [{ constraint: { leftOperand: 'a', operator: 'approx', rightOperand: 1 } }] }, assetsSelector: [] })),
      400,
    );
    t.same(errorPaths(problem), ['@id', 'assetsSelector', 'policy.permission[0]', 'policy.permission[0].constraint.operator']);
    t.match(problem.detail, 'policy.permission[0]: action is missing');
    t.same(errorPaths(await expectJson(t, fetch(policies, send('POST', { policy: { '@type': 'Offer', permission: [{ action: 'use' }] } })), 400)), ['policy.@type']);
    t.same(errorPaths(await expectJson(t, fetch(policies, send('POST', {})), 400)), ['policy']);
  });

  await t.test('a policy definition that contract definitions use cannot be deleted', async (t) => {
    await expectJson(t, fetch(policies, send('POST', { '@id': 'shared', policy: research })), 201);
    for (const id of ['cd-b', 'cd-a']) {
      await expectJson(t, fetch(contracts, send('POST', { '@id': id, accessPolicyId: 'shared', contractPolicyId: id === 'cd-a' ? 'shared' : 'research-only' })), 201);
    }
    await expectJson(t, fetch(contracts, send('POST', { '@id': 'cd-c', accessPolicyId: 'research-only', contractPolicyId: 'shared' })), 201);
    const refused = await expectJson(t, fetch(`${policies}/shared`, { method: 'DELETE' }), 409);
    t.same(refused.contractDefinitions, ['cd-a', 'cd-b', 'cd-c'], 'the problem names every contract definition that uses it');
    t.match(refused.detail, 'used by contract definitions "cd-a", "cd-b", "cd-c"');
    await expectJson(t, fetch(`${policies}/shared`), 200, 'it is still there');
    for (const id of ['cd-a', 'cd-b', 'cd-c']) t.equal((await fetch(`${contracts}/${id}`, { method: 'DELETE' })).status, 204);
    t.equal((await fetch(`${policies}/shared`, { method: 'DELETE' })).status, 204, 'once unused it can go');
  });

  await t.test('the PolicyDefinitions service', async (t) => {
    const service = api.runtime.get(PolicyDefinitions);
    t.match(await service.get('alpha', 'research-only'), { id: 'research-only', participantContextId: 'alpha', policy: research });
    t.equal((await rejectionOf<ProblemError>(service.get('beta', 'research-only'))).status, 404);
  });
});
