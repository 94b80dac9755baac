/**
 * Attacks on transfer processes, each answered as if the target did not exist (404) and leaving
 * the target as it was: another participant context's pids, another counterparty's process or
 * agreement, a deactivated participant, and the management API of another participant context.
 */
import { randomUUID } from 'node:crypto';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { ParticipantContexts } from '../tokens.ts';
import { startCounterpartyKit } from './test-support/counterparty-kit.ts';
import { agreement, PULL, recordingDataPlane, startTransferRuntime, waitForState } from './test-support/transfer-test-kit.ts';

const ACME = 'did:web:acme.example';
const GLOBEX = 'did:web:globex.example';
const MALLORY = 'did:web:mallory.example';

forEachDialect(t, 'attacks on transfer processes are answered 404 and change nothing', async (t, _dialect, store) => {
  const kit = await startCounterpartyKit(t);
  const cut = await startTransferRuntime(t, { name: 'attacked', store, participants: { acme: ACME, globex: GLOBEX }, dataPlanes: [recordingDataPlane(PULL, 'PULL')] });
  await cut.addAgreement('acme', agreement('urn:uuid:acme-kit', ACME, kit.participantId, 'acme-data'));
  await cut.addAgreement('acme', agreement('urn:uuid:kit-acme', kit.participantId, ACME, 'kit-data'));
  await cut.addAgreement('globex', agreement('urn:uuid:globex-kit', GLOBEX, kit.participantId, 'globex-data'));

  const consumerPid = `urn:uuid:${randomUUID()}`;
  const requested = await kit.send(cut, 'acme', ACME, '/transfers/request', {
    '@type': 'TransferRequestMessage',
    consumerPid,
    agreementId: 'urn:uuid:acme-kit',
    format: PULL,
    callbackAddress: kit.url,
  });
  t.equal(requested.status, 201);
  const providerPid = requested.body.providerPid as string;
  await waitForState(cut.transfers, 'acme', providerPid, 'STARTED');
  const pids = { providerPid, consumerPid };
  const termination = { '@type': 'TransferTerminationMessage', ...pids };
  const unchanged = async (what: string) => t.equal((await cut.transfers.get('acme', providerPid)).state, 'STARTED', `${what}: the process is unchanged`);
  const notFound = (answer: { status: number; body: any }, what: string) => {
    t.equal(answer.status, 404, `${what}: 404`);
    t.equal(answer.body?.['@type'], 'TransferError', `${what}: a TransferError`);
    t.notMatch(JSON.stringify(answer.body ?? {}), /acme-data|acme-kit/, `${what}: nothing of the target is revealed`);
  };

  // Another participant context's pid, at a participant context the kit does deal with.
  notFound(await kit.send(cut, 'globex', GLOBEX, `/transfers/${providerPid}`), "GET of acme's process at globex");
  notFound(await kit.send(cut, 'globex', GLOBEX, `/transfers/${providerPid}/termination`, termination), "terminating acme's process at globex");
  await unchanged('through globex');

  // Another counterparty: mallory holds a valid token, for another process.
  const fromMallory = await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}`, undefined, MALLORY);
  notFound(fromMallory, "mallory's GET");
  t.notMatch(JSON.stringify(fromMallory.body), new RegExp(consumerPid), "the kit's pid is not revealed to mallory");
  notFound(await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}/termination`, termination, MALLORY), "mallory's termination");
  notFound(await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}/suspension`, { '@type': 'TransferSuspensionMessage', ...pids }, MALLORY), "mallory's suspension");
  await unchanged('mallory');

  // Agreements that are not between the caller and this provider: all answered alike.
  const request = (agreementId: string, from?: string) =>
    kit.send(cut, 'acme', ACME, '/transfers/request', { '@type': 'TransferRequestMessage', consumerPid: `urn:uuid:${randomUUID()}`, agreementId, format: PULL, callbackAddress: kit.url }, from);
  const refusals = {
    "mallory with the kit's agreement": await request('urn:uuid:acme-kit', MALLORY),
    "globex's agreement at acme": await request('urn:uuid:globex-kit'),
    'an agreement where acme is the consumer': await request('urn:uuid:kit-acme'),
    'an unknown agreement': await request('urn:uuid:no-such-agreement'),
  };
  for (const [what, answer] of Object.entries(refusals)) {
    t.equal(answer.status, 404, `${what}: 404`);
    t.match(answer.body, { '@type': 'TransferError', reason: [/^agreementId: there is no agreement "urn:uuid:[a-z-]+" between you and this provider$/] }, `${what}: the same answer`);
  }
  t.equal((await cut.transfers.list('acme', { offset: 0, limit: 50, filters: {} })).total, 1, 'no process was created');
  t.equal((await cut.transfers.list('globex', { offset: 0, limit: 50, filters: {} })).total, 0);

  // The kit's own process, named inconsistently: the path is ours, the body must agree with it.
  const wrongPath = await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}/termination`, { ...termination, providerPid: 'urn:uuid:other' });
  t.equal(wrongPath.status, 400);
  t.match(wrongPath.body.reason, [/providerPid: "urn:uuid:other" differs from the process in the path/]);
  const wrongTheirs = await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}/termination`, { ...termination, consumerPid: 'urn:uuid:other' });
  t.equal(wrongTheirs.status, 400);
  t.match(wrongTheirs.body.reason, [/consumerPid: "urn:uuid:other" is not the counterparty's pid/]);
  await unchanged('inconsistent pids');

  // The management API of another participant context sees nothing of acme's.
  const management = `${cut.managementUrl}/v1/participants`;
  t.equal((await fetch(`${management}/globex/transferprocesses/${encodeURIComponent(providerPid)}`)).status, 404);
  const terminate = await fetch(`${management}/globex/transferprocesses/${encodeURIComponent(providerPid)}/terminate`, { method: 'POST' });
  t.equal(terminate.status, 404);
  t.same(await (await fetch(`${management}/globex/transferprocesses`)).json(), []);
  t.equal((await fetch(`${management}/nobody/transferprocesses`)).status, 404, 'an unknown participant context');
  await unchanged('management API of globex');

  // A deactivated participant answers nothing, to anybody.
  const contexts = cut.runtime.get(ParticipantContexts);
  await contexts.setState('acme', 'DEACTIVATED');
  notFound(await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}`), 'GET at a deactivated participant');
  notFound(await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}/termination`, termination), 'termination at a deactivated participant');
  notFound(await request('urn:uuid:acme-kit'), 'request at a deactivated participant');
  await unchanged('deactivated');
  await contexts.setState('acme', 'ACTIVATED');
  t.equal((await kit.send(cut, 'acme', ACME, `/transfers/${providerPid}`)).status, 200, 'activated again, it answers');
});
