/**
 * The management API of transfer processes: input validation naming every problem, lists with
 * filters and pages, the decisions with EDC's bodies, refusals, and the OpenAPI document.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { ParticipantContexts } from '../tokens.ts';
import { startCounterpartyKit } from './test-support/counterparty-kit.ts';
import { agreement, PULL, recordingDataPlane, startTransferRuntime, waitForState } from './test-support/transfer-test-kit.ts';

const CONSUMER = 'did:web:consumer.example';

forEachDialect(t, 'management API: request, list, read, decide, and refuse what is invalid or out of order', async (t, _dialect, store) => {
  const kit = await startCounterpartyKit(t);
  const cut = await startTransferRuntime(t, { name: 'managed', store, participants: { globex: CONSUMER, other: 'did:web:other.example' }, dataPlanes: [recordingDataPlane(PULL, 'PULL')] });
  await cut.addAgreement('globex', agreement('urn:uuid:deal-1', kit.participantId, CONSUMER, 'kit-data-1'));
  await cut.addAgreement('globex', agreement('urn:uuid:deal-2', kit.participantId, CONSUMER, 'kit-data-2'));
  const base = `${cut.managementUrl}/v1/participants/globex/transferprocesses`;
  const post = (url: string, body?: unknown) =>
    fetch(url, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

  const invalid = await json(await post(base, { contractId: 42, transferType: '', color: 'blue', protocol: 'ids-multipart', dataDestination: 'here' }));
  t.equal(invalid.status, 400);
  t.same(
    invalid.body.errors.map((e: { path: string }) => e.path).sort(),
    ['color', 'contractId', 'counterpartyAddress', 'dataDestination', 'protocol', 'transferType'],
    'every problem is named at once',
  );
  const unknownAgreement = await json(await post(base, { counterPartyAddress: kit.url, contractId: 'urn:uuid:nope', transferType: PULL }));
  t.equal(unknownAgreement.status, 400);
  t.match(unknownAgreement.body.detail, /holds no agreement "urn:uuid:nope" as its consumer/);
  const wrongProvider = await json(await post(base, { counterPartyAddress: kit.url, counterPartyId: 'did:web:someone', contractId: 'urn:uuid:deal-1', transferType: PULL }));
  t.equal(wrongProvider.status, 400);
  t.match(wrongProvider.body.detail, /is not the provider of agreement/);
  const badAddress = await json(await post(base, { counterPartyAddress: 'ftp://kit', contractId: 'urn:uuid:deal-1', transferType: PULL }));
  t.equal(badAddress.status, 400);
  const badDestination = await json(await post(base, { counterPartyAddress: kit.url, contractId: 'urn:uuid:deal-1', transferType: PULL, dataDestination: { endpoint: 'x' } }));
  t.equal(badDestination.status, 400);
  t.match(badDestination.body.detail, /dataDestination: not a DSP DataAddress/);

  const ids: string[] = [];
  for (const contractId of ['urn:uuid:deal-1', 'urn:uuid:deal-2', 'urn:uuid:deal-1']) {
    const created = await json(await post(base, { counterpartyAddress: kit.url, contractId, transferType: PULL }));
    t.equal(created.status, 201);
    t.match(created.body, { '@type': 'IdResponse', '@id': /^urn:uuid:/, createdAt: Number });
    ids.push(created.body['@id']);
  }
  for (const id of ids) await waitForState(cut.transfers, 'globex', id, 'REQUESTED');

  const page = await fetch(`${base}?limit=2`);
  t.equal(page.headers.get('x-total-count'), '3');
  t.match(page.headers.get('link'), /transferprocesses\?limit=2&offset=2>; rel="next"/);
  t.same(((await page.json()) as Array<{ '@id': string }>).map((p) => p['@id']), ids.slice(0, 2), 'oldest first');
  const byAgreement = (await (await fetch(`${base}?agreementId=${encodeURIComponent('urn:uuid:deal-1')}`)).json()) as Array<{ '@id': string }>;
  t.same(byAgreement.map((p) => p['@id']), [ids[0], ids[2]]);
  t.same(await (await fetch(`${base}?role=PROVIDER`)).json(), []);
  t.equal(((await (await fetch(`${base}?state=REQUESTED&role=CONSUMER`)).json()) as unknown[]).length, 3);
  t.equal((await fetch(`${base}?state=DANCING`)).status, 400);
  t.equal((await fetch(`${base}?colour=red`)).status, 400);

  const one = await json(await fetch(`${base}/${encodeURIComponent(ids[0]!)}`));
  t.match(one.body, { '@id': ids[0], '@type': 'TransferProcess', state: 'REQUESTED', dspState: 'REQUESTED', type: 'CONSUMER', contractId: 'urn:uuid:deal-1', assetId: 'kit-data-1', transferType: PULL, counterPartyId: kit.participantId, counterPartyAddress: kit.url, dataAddress: null, errorDetail: null });
  t.same((await json(await fetch(`${base}/${encodeURIComponent(ids[0]!)}/state`))).body, { '@type': 'TransferState', state: 'REQUESTED', dspState: 'REQUESTED' });

  const refusedComplete = await json(await post(`${base}/${encodeURIComponent(ids[0]!)}/complete`));
  t.equal(refusedComplete.status, 409, 'a requested transfer cannot be completed');
  t.match(refusedComplete.body.detail, /is REQUESTED: it cannot be completed now/);
  const consumerStart = await json(await post(`${base}/${encodeURIComponent(ids[0]!)}/start`));
  t.equal(consumerStart.status, 409);
  t.match(consumerStart.body.detail, /only a provider starts a transfer/);
  const badReason = await json(await post(`${base}/${encodeURIComponent(ids[0]!)}/terminate`, { '@type': 'TerminateTransfer', reason: 7, extra: true }));
  t.equal(badReason.status, 400);
  t.equal(badReason.body.errors.length, 2);

  const terminated = await post(`${base}/${encodeURIComponent(ids[0]!)}/terminate`, { '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'TerminateTransfer', reason: 'no longer needed' });
  t.equal(terminated.status, 204);
  const ended = await waitForState(cut.transfers, 'globex', ids[0]!, 'TERMINATED');
  t.equal(ended.errorDetail, 'no longer needed');
  t.match(kit.of('TransferTerminationMessage').at(-1)?.body, { consumerPid: ids[0], reason: ['no longer needed'] }, 'the reason reaches the provider');
  t.equal((await post(`${base}/${encodeURIComponent(ids[0]!)}/terminate`)).status, 204, 'terminating again changes nothing');
  t.equal((await post(`${base}/${encodeURIComponent('urn:uuid:missing')}/suspend`)).status, 404);

  t.equal((await post(`${cut.managementUrl}/v1/participants/other/transferprocesses`, { counterPartyAddress: kit.url, contractId: 'urn:uuid:deal-1', transferType: PULL })).status, 400, "another participant context cannot use globex's agreement");
  await cut.runtime.get(ParticipantContexts).setState('globex', 'DEACTIVATED');
  t.equal((await post(base, { counterPartyAddress: kit.url, contractId: 'urn:uuid:deal-2', transferType: PULL })).status, 409, 'a deactivated participant requests nothing');
  t.equal((await fetch(`${base}/${encodeURIComponent(ids[1]!)}`)).status, 200, 'but its processes can still be read');

  const openapi = (await (await fetch(`${cut.managementUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  for (const path of ['', '/{id}', '/{id}/state', '/{id}/start', '/{id}/suspend', '/{id}/resume', '/{id}/complete', '/{id}/terminate']) {
    t.ok(openapi.paths[`/v1/participants/{participantContextId}/transferprocesses${path}`], `OpenAPI documents ${path || 'the collection'}`);
  }
});
