import { randomUUID } from 'node:crypto';
import { Database, type ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import { errorPaths, expectJson, send, startManagementApi } from '../management/test-support/start-management-api.ts';
import { Assets, ContractDefinitions } from '../tokens.ts';
import { ContractDefinitionEntity } from './contract-definition.ts';

const EDC = 'https://w3id.org/edc/v0.0.1/ns/';

await forEachDialect(t, 'contract definitions through the management API', async (t, _dialect, store) => {
  const api = await startManagementApi(t, store);
  const alpha = api.participant('alpha');
  const contracts = `${alpha}/contractdefinitions`;
  for (const id of ['open', 'members']) await expectJson(t, fetch(`${alpha}/policydefinitions`, send('POST', { '@id': id, policy: { '@type': 'Set', permission: [{ action: 'use' }] } })), 201);
  await expectJson(t, fetch(`${api.participant('beta')}/policydefinitions`, send('POST', { '@id': 'beta-only', policy: { '@type': 'Set', permission: [{ action: 'use' }] } })), 201);
  for (const [id, region] of [['w-1', 'eu'], ['w-2', 'us'], ['w-3', 'eu']] as const) {
    await expectJson(t, fetch(`${alpha}/assets`, send('POST', { '@id': id, properties: { region }, dataAddress: { type: 'HttpData', baseUrl: 'https://w.example' } })), 201);
  }

  await t.test('create, read, list, replace and delete', async (t) => {
    const selector = [{ operandLeft: 'region', operator: '=', operandRight: 'eu' }];
    const res = await fetch(contracts, send('POST', { '@id': 'eu-data', accessPolicyId: 'open', contractPolicyId: 'members', assetsSelector: selector }));
    t.equal(res.headers.get('location'), '/management/v1/participants/alpha/contractdefinitions/eu-data');
    const created = await expectJson(t, res, 201);
    t.match(created, { '@id': 'eu-data', '@type': 'ContractDefinition', accessPolicyId: 'open', contractPolicyId: 'members', privateProperties: {} });
    t.same(created.assetsSelector, [{ '@type': 'Criterion', ...selector[0] }]);
    t.same(await expectJson(t, fetch(`${contracts}/eu-data`), 200), created);
    await expectJson(t, fetch(contracts, send('POST', { '@id': 'eu-data', accessPolicyId: 'open', contractPolicyId: 'open' })), 409);

    await expectJson(t, fetch(contracts, send('POST', { '@id': 'all', accessPolicyId: 'members', contractPolicyId: 'members' })), 201);
    t.same((await expectJson(t, fetch(`${contracts}?accessPolicyId=open`), 200)).map((c: { '@id': string }) => c['@id']), ['eu-data']);
    t.same((await expectJson(t, fetch(`${contracts}?contractPolicyId=members&limit=1&offset=1`), 200)).map((c: { '@id': string }) => c['@id']), ['all']);
    const queried = await expectJson(t, fetch(`${contracts}/request`, send('POST', { filterExpression: [{ operandLeft: 'contractPolicyId', operator: '=', operandRight: 'members' }], sortField: 'accessPolicyId' })), 200);
    t.same(queried.map((c: { '@id': string }) => c['@id']), ['all', 'eu-data']);

    const replaced = await expectJson(t, fetch(`${contracts}/all`, send('PUT', { accessPolicyId: 'open', contractPolicyId: 'open', privateProperties: { note: 'x' } })), 200);
    t.match(replaced, { accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: [], privateProperties: { note: 'x' } });
    t.equal((await fetch(`${contracts}/all`, { method: 'DELETE' })).status, 204);
    await expectJson(t, fetch(`${contracts}/all`), 404);
  });

  await t.test('policies must exist in the same participant context', async (t) => {
    const missing = await expectJson(t, fetch(contracts, send('POST', { accessPolicyId: 'nope', contractPolicyId: 'beta-only' })), 400);
    t.same(errorPaths(missing), ['accessPolicyId', 'contractPolicyId'], "beta's policy does not exist for alpha");
    t.match(missing.detail, 'policy definition "beta-only" does not exist in participant context "alpha"', "it says the same as for an id nobody has: another context's policies are not revealed");
    await expectJson(t, fetch(`${contracts}/eu-data`, send('PUT', { accessPolicyId: 'open', contractPolicyId: 'nope' })), 400, 'on replace too');
    t.match(await expectJson(t, fetch(`${contracts}/eu-data`), 200), { contractPolicyId: 'members' }, 'a refused replace changes nothing');
  });

  await t.test('invalid contract definitions are refused naming every problem', async (t) => {
    const problem = await expectJson(
      t,
      fetch(contracts, send('POST', { accessPolicyId: '', assetsSelector: [{ operandLeft: 'region', operator: '>', operandRight: 'eu' }, { operandLeft: 'id', operator: 'in', operandRight: [{}], extra: 1 }, 'x'], policy: {} })),
      400,
    );
    t.same(errorPaths(problem), ['accessPolicyId', 'assetsSelector[0].operator', 'assetsSelector[1].extra', 'assetsSelector[1].operandRight', 'assetsSelector[2]', 'contractPolicyId', 'policy']);
  });

  await t.test('JSON-LD and plain JSON store the same contract definition', async (t) => {
    const plain = await expectJson(t, fetch(contracts, send('POST', { '@id': 'plain', accessPolicyId: 'open', contractPolicyId: 'members', assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'w-2' }] })), 201);
    const jsonLd = await expectJson(
      t,
      fetch(
        contracts,
        send(
          'POST',
          {
            '@context': { '@vocab': EDC },
            '@id': 'json-ld',
            '@type': 'ContractDefinition',
            accessPolicyId: 'open',
            contractPolicyId: 'members',
            // EDC's single-object form of a @set, and an operandLeft as an EDC IRI.
            assetsSelector: { '@type': 'Criterion', operandLeft: `${EDC}id`, operator: '=', operandRight: 'w-2' },
          },
          'application/ld+json',
        ),
      ),
      201,
    );
    const strip = ({ '@id': _id, createdAt: _createdAt, ...rest }: Record<string, unknown>) => rest;
    t.same(strip(jsonLd), strip(plain));
  });

  await t.test('the ContractDefinitions and Assets services find the offered assets', async (t) => {
    const definitions = api.runtime.get(ContractDefinitions);
    const page = await definitions.query('alpha', { filter: [{ operandLeft: 'accessPolicyId', operator: '=', operandRight: 'open' }] });
    t.same(page.items.map((d) => d.id), ['eu-data', 'plain', 'json-ld']);
    const euData = await definitions.get('alpha', 'eu-data');
    const offered = await api.runtime.get(Assets).query('alpha', { filter: euData.assetsSelector });
    t.same(offered.items.map((a) => a.id), ['w-1', 'w-3'], "the selector picks the definition's assets");
    t.equal((await rejectionOf<ProblemError>(definitions.get('beta', 'eu-data'))).status, 404);
    const invalid = await rejectionOf<ProblemError>(definitions.query('alpha', { filter: [{ operandLeft: 'region', operator: '=', operandRight: 'eu' }] }));
    t.equal(invalid.status, 400, 'a field contract definitions do not have');
  });

  await t.test('the database itself refuses a reference to a missing or foreign policy', async (t) => {
    // The service checks first (400); these foreign keys hold even for code that bypasses it.
    const db = api.runtime.get(Database);
    const row = (accessPolicyId: string) => ({ pk: randomUUID(), id: `raw-${accessPolicyId}`, accessPolicyId, contractPolicyId: 'open', assetsSelector: [], privateProperties: {}, createdAt: new Date() });
    await t.rejects(db.tenantRepository(ContractDefinitionEntity, 'alpha').create(row('beta-only')), "beta's policy, referenced from alpha's row");
    await t.rejects(db.tenantRepository(ContractDefinitionEntity, 'alpha').create(row('missing')));
    t.ok(await db.tenantRepository(ContractDefinitionEntity, 'alpha').create(row('members')), 'an existing policy of the same context is accepted');
  });

  await t.test('deleting a participant context deletes its definitions and policies together', async (t) => {
    const participants = `${api.base}/v1/participants`;
    await expectJson(t, fetch(`${participants}/alpha/deactivate`, { method: 'POST' }), 200);
    t.equal((await fetch(`${participants}/alpha`, { method: 'DELETE' })).status, 204);
    await expectJson(t, fetch(participants, send('POST', { id: 'alpha', participantId: 'did:web:alpha2.example' })), 201);
    for (const segment of ['assets', 'policydefinitions', 'contractdefinitions']) {
      t.same(await expectJson(t, fetch(`${alpha}/${segment}`), 200), [], `no ${segment} are left`);
    }
    t.same((await expectJson(t, fetch(`${api.participant('beta')}/policydefinitions`), 200)).length, 1, "beta's are untouched");
  });
});
