/**
 * Issuer and holder in two runtimes over real HTTP: the holder runtime's dataspace names the
 * authority of the issuer runtime; its tenants get their membership through the workflow
 * activity (issuer found through the authority's did:web and its IssuerService entry, delivery to
 * the holder's did:web credential service), are offered a members-only dataset on a DSP catalog
 * request to the issuer runtime, and are refused there once revoked. A provisioning that fails after the step has its credential deleted
 * from the wallet.
 */
import controlPlane from '@tdss/control-plane';
import policyEngine from '@tdss/policy-engine';
import { contributingPlugin, forEachDialect } from '@tdss/testing';
import { PermanentError, WorkflowActivities } from '@tdss/workflow';
import t from 'tap';
import { REQUEST_CREDENTIALS, type RequestCredentialsOutput } from '../credential-requests/request-credentials-activity.ts';
import { startIssuerRuntime } from '../test-support/issuer-runtime.ts';
import { offerMembersOnlyCatalog, requestCatalog } from '../test-support/members-catalog.ts';

/** A step that fails for good: the orchestration compensates what ran before it. */
const failing = contributingPlugin('@test/failing-step', WorkflowActivities, {
  type: 'test.fail',
  execute: () => Promise.reject(new PermanentError('the next step failed')),
  compensate: () => Promise.resolve(),
});

forEachDialect(t, 'a holder runtime gets its membership from the issuer runtime', async (t, _dialect, database) => {
  const issuing = await startIssuerRuntime(t, { plugins: [policyEngine, controlPlane] });
  const authority = await issuing.participant('authority');
  const bob = await issuing.participant('bob');
  const holding = await startIssuerRuntime(t, { database, issuerDid: authority.did, plugins: [failing] });
  const zoe = await holding.participant('zoe');
  await holding.participant('yan');
  t.not(issuing.port, holding.port);

  const definition = await issuing.issuerApi('POST', 'authority', '/credential-definitions', {
    credentialType: 'MembershipCredential',
    format: 'vc20-bssl/jwt',
    claims: { dataspace: 'test', level: 'gold' },
    attestations: [{ type: 'holderAllowList', holders: [{ holder: `did:web:127.0.0.1%3A${holding.port}:identity:*` }] }],
  });
  t.equal(definition.status, 201);

  const provision = { name: 'provision-test', activities: [{ id: 'credentials', activity: REQUEST_CREDENTIALS }] };
  const end = await holding.ended(await holding.workflows.start(provision, { tenantId: 'zoe' }, { tenantId: 'zoe', id: 'provision:zoe' }));
  t.equal(end.state, 'COMPLETED', end.error ?? '');
  const output = end.outputs.credentials as RequestCredentialsOutput;
  t.match(output.request, { issuer: authority.did, statusUrl: new RegExp(`^http://127\\.0\\.0\\.1:${issuing.port}/protocol/dcp/authority/issuer/requests/`) });
  t.match(await holding.credentials.get('zoe', output.credentials[0]!.credentialEntryId), { issuer: authority.did, subjectId: zoe.did, format: 'vc20-bssl/jwt' });
  t.match((await issuing.issuerApi('GET', 'authority', '/requests')).body, [{ holderDid: zoe.did, state: 'ISSUED' }]);

  await offerMembersOnlyCatalog(t, issuing, 'bob', bob.did);
  const catalog = () => requestCatalog({ identity: holding.identity, ...zoe }, { protocolUrl: issuing.url('protocol'), ...bob });
  const offered = await catalog();
  t.equal(offered.status, 200, 'zoe\'s DSP catalog request to bob in the other runtime is accepted');
  t.same(offered.body.dataset?.map((d: { '@id': string }) => d['@id']), ['report'], 'and the members-only dataset offered');

  const verify = async () => {
    const authorization = await holding.identity.authorize({ participantContextId: 'zoe', participantId: zoe.did, counterpartyId: bob.did, counterpartyAddress: issuing.url('protocol') });
    return issuing.identity.verify({ authorization, audience: bob.did, participantContextId: 'bob' });
  };
  t.same((await verify()).claims, { MembershipCredential: [{ id: zoe.did, dataspace: 'test', level: 'gold' }] }, 'bob, in the issuer runtime, accepts zoe\'s membership');
  const [issued] = (await issuing.issuerApi('GET', 'authority', `/credentials?holderDid=${encodeURIComponent(zoe.did)}`)).body;
  t.equal((await issuing.issuerApi('POST', 'authority', `/credentials/${issued.id}/revoke`)).status, 200);
  await t.rejects(verify(), { status: 401, message: /revoked/ }, 'and refuses it once revoked');
  t.equal((await catalog()).status, 401, 'so does bob\'s DSP endpoint');

  const failed = await holding.ended(
    await holding.workflows.start(
      { name: 'provision-failing', activities: [{ id: 'credentials', activity: REQUEST_CREDENTIALS }, { id: 'next', activity: 'test.fail', dependsOn: ['credentials'] }] },
      { tenantId: 'yan' },
      { tenantId: 'yan', id: 'provision:yan' },
    ),
  );
  t.equal(failed.state, 'FAILED');
  t.equal((await holding.credentials.list('yan')).total, 0, 'the compensation deleted yan\'s credential from the wallet');
  t.equal((await issuing.issuerApi('GET', 'authority', '/credentials')).headers.get('x-total-count'), '2', 'it had been issued');

  for (const hub of [issuing, holding]) {
    const keys = await hub.privateKeyValues(hub === issuing ? ['authority', 'bob'] : ['zoe', 'yan']);
    const text = [...hub.logs.lines.map((line) => JSON.stringify(line)), ...hub.answers].join('\n');
    t.ok(keys.length === 2 && keys.every((key) => !text.includes(key)), 'no private key in logs or answers');
  }
});
