/**
 * Participant context alpha attacks beta's assets, policy definitions and contract definitions
 * through every route of its own management API: every attempt must fail as if beta's objects
 * did not exist (404, empty lists), and beta's objects must stay as they were.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { expectJson, send, startManagementApi } from './test-support/start-management-api.ts';

const dataAddress = { type: 'HttpData', baseUrl: 'https://beta.example/secret-data' };
const policy = { '@type': 'Set', permission: [{ action: 'use' }] };

await forEachDialect(t, 'one participant context cannot reach another one’s objects', async (t, _dialect, store) => {
  const api = await startManagementApi(t, store);
  const alpha = api.participant('alpha');
  const beta = api.participant('beta');

  // beta's objects; `shared-*` ids exist in both contexts, `beta-*` ids only in beta.
  const betaBodies: Record<string, Array<Record<string, unknown>>> = {
    assets: ['shared-asset', 'beta-asset'].map((id) => ({ '@id': id, properties: { name: `beta ${id}`, tenantId: 'beta' }, dataAddress })),
    policydefinitions: ['shared-policy', 'beta-policy'].map((id) => ({ '@id': id, policy })),
    contractdefinitions: ['shared-contract', 'beta-contract'].map((id) => ({ '@id': id, accessPolicyId: 'shared-policy', contractPolicyId: 'beta-policy' })),
  };
  const alphaBodies: Record<string, Record<string, unknown>> = {
    assets: { '@id': 'shared-asset', properties: { name: 'alpha' }, dataAddress: { type: 'HttpData', baseUrl: 'https://alpha.example' } },
    policydefinitions: { '@id': 'shared-policy', policy },
    contractdefinitions: { '@id': 'shared-contract', accessPolicyId: 'shared-policy', contractPolicyId: 'shared-policy' },
  };
  const snapshot: Record<string, unknown> = {};
  for (const [segment, bodies] of Object.entries(betaBodies)) {
    for (const body of bodies) await expectJson(t, fetch(`${beta}/${segment}`, send('POST', body)), 201, `beta creates ${segment}/${body['@id']}`);
    snapshot[segment] = await expectJson(t, fetch(`${beta}/${segment}`), 200);
  }
  const ids = (items: Array<{ '@id': string }>) => items.map((item) => item['@id']);

  for (const segment of Object.keys(betaBodies)) {
    await t.test(`${segment}: beta's ids through alpha's paths`, async (t) => {
      const mine = `${alpha}/${segment}`;
      const replacement = { ...alphaBodies[segment], '@id': undefined };
      const betaIds = betaBodies[segment]!.map((body) => body['@id'] as string);
      for (const id of betaIds) {
        const item = `${mine}/${encodeURIComponent(id)}`;
        await expectJson(t, fetch(item), 404, `GET ${id}`);
        await expectJson(t, fetch(item, send('PUT', replacement)), 404, `PUT ${id}`);
        await expectJson(t, fetch(mine, send('PUT', { ...replacement, '@id': id })), 404, `PUT with @id ${id}`);
        await expectJson(t, fetch(item, { method: 'DELETE' }), 404, `DELETE ${id}`);
        t.same(await expectJson(t, fetch(`${mine}?id=${encodeURIComponent(id)}`), 200), [], `GET ?id=${id} finds nothing`);
        t.same(await expectJson(t, fetch(`${mine}/request`, send('POST', { filterExpression: [{ operandLeft: 'id', operator: '=', operandRight: id }] })), 200), [], `query id = ${id} finds nothing`);
      }
      const traversal = `${mine}/${encodeURIComponent(`../../beta/${segment}/${betaIds[1]}`)}`;
      await expectJson(t, fetch(traversal), 404, 'an id that looks like a path is only an id');

      const everything = [
        fetch(mine),
        fetch(`${mine}/request`, { method: 'POST' }),
        fetch(`${mine}/request`, send('POST', { filterExpression: [{ operandLeft: 'id', operator: 'like', operandRight: '%' }] })),
        fetch(`${mine}/request`, send('POST', { filterExpression: [{ operandLeft: 'id', operator: 'in', operandRight: betaIds }] })),
      ];
      for (const list of everything) t.same(await expectJson(t, list, 200), [], "alpha's lists never hold beta's rows");

      // alpha may use the same id: ids are per participant context, and alpha learns nothing.
      const created = await expectJson(t, fetch(mine, send('POST', alphaBodies[segment])), 201, 'alpha creates its own object with a taken id');
      t.same(ids(await expectJson(t, fetch(mine), 200)), [created['@id']]);
      await expectJson(t, fetch(`${mine}/${created['@id']}`, send('PUT', replacement)), 200, 'and changes its own');
      t.same(await expectJson(t, fetch(`${beta}/${segment}`), 200), snapshot[segment], "beta's objects are unchanged");
    });
  }

  await t.test('references and filters stay inside the context', async (t) => {
    const problem = await expectJson(t, fetch(`${alpha}/contractdefinitions`, send('POST', { accessPolicyId: 'beta-policy', contractPolicyId: 'shared-policy' })), 400);
    t.match(problem.detail, 'policy definition "beta-policy" does not exist in participant context "alpha"');
    t.same(await expectJson(t, fetch(`${alpha}/assets?properties.tenantId=beta`), 200), [], "a property named tenantId filters properties, not tenants");
    await expectJson(t, fetch(`${alpha}/assets`, send('POST', { tenantId: 'beta', participantContextId: 'beta', dataAddress })), 400, 'no body member chooses the tenant');
    await expectJson(t, fetch(`${alpha}/policydefinitions/request`, send('POST', { filterExpression: [{ operandLeft: 'tenantId', operator: '=', operandRight: 'beta' }] })), 400, 'tenantId is not a field');

    // alpha's own contract definition is the only user of alpha's shared-policy: deleting both works,
    // while beta's shared-policy, used by beta's contract definitions, stays and stays protected.
    t.equal((await fetch(`${alpha}/contractdefinitions/shared-contract`, { method: 'DELETE' })).status, 204);
    t.equal((await fetch(`${alpha}/policydefinitions/shared-policy`, { method: 'DELETE' })).status, 204);
    await expectJson(t, fetch(`${beta}/policydefinitions/shared-policy`), 200);
    const refused = await expectJson(t, fetch(`${beta}/policydefinitions/shared-policy`, { method: 'DELETE' }), 409);
    t.same(refused.contractDefinitions, ['beta-contract', 'shared-contract']);
    t.equal((await fetch(`${alpha}/assets/shared-asset`, { method: 'DELETE' })).status, 204);
    for (const segment of Object.keys(betaBodies)) t.same(await expectJson(t, fetch(`${beta}/${segment}`), 200), snapshot[segment], `beta's ${segment} are all there`);
  });
});
