/**
 * Every message a counterparty can send, in every DSP state of a negotiation of ours, as provider
 * and as consumer, against the DSP endpoints: the transitions of the DSP 2025-1 state machine are
 * applied, a repeated message is answered without change, and everything else is a 400 with a
 * ContractNegotiationError, leaving the negotiation as it was. Deciders wait everywhere, so each
 * case shows the transition alone.
 */
import type { ContractNegotiationState } from '@tdss/json-ld';
import { Database } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { createScriptedDecider } from '../index.ts';
import { ContractAgreementEntity } from '../contract-agreement/contract-agreement.ts';
import { type ContractNegotiationRow, ContractNegotiationEntity, type NegotiationRole } from './contract-negotiation.ts';
import type { NegotiationDecision } from './negotiation-decision.ts';
import type { NegotiationState } from './negotiation-states.ts';
import { createParticipant, type NegotiationKit, offerAsset, participantIdOf, startNegotiationRuntime } from './test-support/negotiation-test-kit.ts';

const US = 'us';
const PEER = 'did:web:peer.example';
const ASSET = 'asset-table';
const OFFER = { '@id': 'cd-table:asset-table:1', '@type': 'Offer', target: ASSET, permission: [{ action: 'use' }] };
const WAIT: NegotiationDecision = { kind: 'wait' };
const waitEverywhere = { REQUESTED: WAIT, OFFERED: WAIT, ACCEPTED: WAIT, AGREED: WAIT, VERIFIED: WAIT };

const KINDS = ['request', 'offer', 'accepted', 'agreement', 'verification', 'finalized', 'termination'] as const;
type Kind = (typeof KINDS)[number];
const STATES: ContractNegotiationState[] = ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED'];

/** `400`: refused; `same`: a repeated message, answered without change; a state: the transition made. */
type Expected = 400 | 'same' | ContractNegotiationState;

// From the spec's state machine: C sends request, accepted, verification; P sends offer, agreement,
// finalized; the consumer terminates in REQUESTED, OFFERED and AGREED, the provider in REQUESTED,
// OFFERED, ACCEPTED and VERIFIED. A message for the other role is always refused.
const AS_PROVIDER: Record<ContractNegotiationState, Record<Kind, Expected>> = {
  REQUESTED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 400, finalized: 400, termination: 'TERMINATED' },
  OFFERED: { request: 'REQUESTED', offer: 400, accepted: 'ACCEPTED', agreement: 400, verification: 400, finalized: 400, termination: 'TERMINATED' },
  ACCEPTED: { request: 400, offer: 400, accepted: 'same', agreement: 400, verification: 400, finalized: 400, termination: 400 },
  AGREED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 'VERIFIED', finalized: 400, termination: 'TERMINATED' },
  VERIFIED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 'same', finalized: 400, termination: 400 },
  FINALIZED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 400, finalized: 400, termination: 400 },
  TERMINATED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 400, finalized: 400, termination: 'same' },
};

const AS_CONSUMER: Record<ContractNegotiationState, Record<Kind, Expected>> = {
  REQUESTED: { request: 400, offer: 'OFFERED', accepted: 400, agreement: 'AGREED', verification: 400, finalized: 400, termination: 'TERMINATED' },
  OFFERED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 400, finalized: 400, termination: 'TERMINATED' },
  ACCEPTED: { request: 400, offer: 400, accepted: 400, agreement: 'AGREED', verification: 400, finalized: 400, termination: 'TERMINATED' },
  AGREED: { request: 400, offer: 400, accepted: 400, agreement: 'same', verification: 400, finalized: 400, termination: 400 },
  VERIFIED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 400, finalized: 'FINALIZED', termination: 'TERMINATED' },
  FINALIZED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 400, finalized: 'same', termination: 400 },
  TERMINATED: { request: 400, offer: 400, accepted: 400, agreement: 400, verification: 400, finalized: 400, termination: 'same' },
};

let counter = 0;

interface TableRow {
  role: NegotiationRole;
  state: NegotiationState;
  protocolState: ContractNegotiationState | null;
  /** The counterparty's pid; null before the counterparty acknowledged anything. */
  correlationId?: string | null;
  agreement?: boolean;
}

/** A negotiation of ours as the state machine would have left it, inserted as it is. */
async function insert(kit: NegotiationKit, row: TableRow): Promise<ContractNegotiationRow> {
  const id = `urn:uuid:00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  const correlationId = row.correlationId === undefined ? `urn:peer:${counter}` : row.correlationId;
  const em = kit.runtime.get(Database).em();
  const created = em.create(ContractNegotiationEntity, {
    id,
    tenantId: US,
    role: row.role,
    correlationId,
    counterpartyId: PEER,
    counterpartyAddress: 'http://127.0.0.1:9/unused',
    assetId: ASSET,
    offer: OFFER as never,
    protocolState: row.protocolState,
    agreementId: row.agreement ? agreementIdOf(id) : null,
    agreement: row.agreement ? agreementOf(id, row.role) : null,
    errorDetail: null,
    terminationReason: null,
    createdAt: new Date(),
    state: row.state,
    stateCount: 0,
    stateTimestamp: new Date(),
    nextAttemptAt: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    version: 1,
  });
  await em.flush();
  return created;
}

const agreementIdOf = (pid: string) => `urn:agreement:${pid.slice(-12)}`;

function agreementOf(pid: string, role: NegotiationRole) {
  const us = participantIdOf(US);
  return {
    '@id': agreementIdOf(pid),
    '@type': 'Agreement' as const,
    target: ASSET,
    assigner: role === 'PROVIDER' ? us : PEER,
    assignee: role === 'PROVIDER' ? PEER : us,
    timestamp: '2025-01-01T00:00:00Z',
    permission: [{ action: 'use' }],
  };
}

/** The path and body of a message of `kind` from the counterparty to negotiation `row`. */
function messageFor(row: Pick<ContractNegotiationRow, 'id' | 'role'>, kind: Kind, theirPid: string): { path: string; message: Record<string, unknown> } {
  const pids = row.role === 'PROVIDER' ? { providerPid: row.id, consumerPid: theirPid } : { providerPid: theirPid, consumerPid: row.id };
  const at = (suffix: string) => `/negotiations/${row.id}/${suffix}`;
  switch (kind) {
    case 'request':
      return { path: at('request'), message: { '@type': 'ContractRequestMessage', ...pids, offer: OFFER } };
    case 'offer':
      return { path: at('offers'), message: { '@type': 'ContractOfferMessage', ...pids, offer: OFFER } };
    case 'accepted':
      return { path: at('events'), message: { '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'ACCEPTED' } };
    case 'finalized':
      return { path: at('events'), message: { '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'FINALIZED' } };
    case 'agreement':
      return { path: at('agreement'), message: { '@type': 'ContractAgreementMessage', ...pids, agreement: agreementOf(row.id, row.role) } };
    case 'verification':
      return { path: at('agreement/verification'), message: { '@type': 'ContractAgreementVerificationMessage', ...pids } };
    case 'termination':
      return { path: at('termination'), message: { '@type': 'ContractNegotiationTerminationMessage', ...pids, code: 'test', reason: ['a test'] } };
  }
}

async function stored(kit: NegotiationKit, id: string): Promise<ContractNegotiationRow> {
  return (await kit.runtime.get(Database).em().findOne(ContractNegotiationEntity, { id }))!;
}

async function post(kit: NegotiationKit, token: string, path: string, message: Record<string, unknown>) {
  const response = await fetch(`${kit.dspBase(US)}${path}`, {
    method: 'POST',
    headers: { authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], ...message }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Sends the message and checks the answer and what the negotiation became. */
async function expectOutcome(t: Test, kit: NegotiationKit, token: string, row: ContractNegotiationRow, kind: Kind, expected: Expected, label: string) {
  const theirPid = row.correlationId ?? 'urn:peer:new';
  const { path, message } = messageFor(row, kind, theirPid);
  const answer = await post(kit, token, path, message);
  const after = await stored(kit, row.id);
  if (expected === 400) {
    t.equal(answer.status, 400, `${label}: refused`);
    t.match(answer.body, { '@type': 'ContractNegotiationError', providerPid: message.providerPid, consumerPid: message.consumerPid, code: '400', reason: [String] }, `${label}: a ContractNegotiationError`);
    t.same([after.state, after.version], [row.state, row.version], `${label}: nothing changed`);
  } else if (expected === 'same') {
    t.equal(answer.status, 200, `${label}: answered`);
    t.same([after.state, after.version], [row.state, row.version], `${label}: a repetition changes nothing`);
  } else {
    t.equal(answer.status, 200, `${label}: applied`);
    t.equal(after.state, expected, `${label}: → ${expected}`);
    t.equal(after.protocolState, expected, `${label}: both sides are in ${expected}`);
    t.match(answer.body, { '@type': 'ContractNegotiation', state: expected }, `${label}: answered with the negotiation`);
  }
  return after;
}

await forEachDialect(t, 'the DSP 2025-1 contract negotiation state machine at the endpoints', async (t, _dialect, store) => {
  const kit = await startNegotiationRuntime(t, store, {
    deciders: [createScriptedDecider('wait', 'PROVIDER', { [ASSET]: waitEverywhere }), createScriptedDecider('wait', 'CONSUMER', { [ASSET]: waitEverywhere })],
  });
  await createParticipant(t, kit, US);
  const token = await kit.token(PEER, participantIdOf(US));

  for (const [role, table] of [['PROVIDER', AS_PROVIDER], ['CONSUMER', AS_CONSUMER]] as const) {
    await t.test(`as ${role.toLowerCase()}`, async (t) => {
      for (const state of STATES) {
        for (const kind of KINDS) {
          const row = await insert(kit, { role, state, protocolState: state, agreement: ['AGREED', 'VERIFIED', 'FINALIZED'].includes(state) });
          await expectOutcome(t, kit, token, row, kind, table[state][kind], `${role} ${state} + ${kind}`);
        }
      }
    });
  }

  await t.test('the finalization gives the consumer its agreement, in the same transaction', async (t) => {
    const row = await insert(kit, { role: 'CONSUMER', state: 'VERIFIED', protocolState: 'VERIFIED', agreement: true });
    await expectOutcome(t, kit, token, row, 'finalized', 'FINALIZED', 'CONSUMER VERIFIED + finalized');
    const agreement = await kit.runtime.get(Database).em().findOne(ContractAgreementEntity, { tenantId: US, id: agreementIdOf(row.id) });
    t.match(agreement, { negotiationId: row.id, assetId: ASSET, providerId: PEER, consumerId: participantIdOf(US) });
    await expectOutcome(t, kit, token, await stored(kit, row.id), 'finalized', 'same', 'and again');
    t.equal(await kit.runtime.get(Database).em().count(ContractAgreementEntity, { tenantId: US, id: agreementIdOf(row.id) }), 1, 'recorded once');
  });

  await t.test('an agreement other than the one agreed is refused', async (t) => {
    const row = await insert(kit, { role: 'CONSUMER', state: 'AGREED', protocolState: 'AGREED', agreement: true });
    const { path, message } = messageFor(row, 'agreement', row.correlationId!);
    const answer = await post(kit, token, path, { ...message, agreement: { ...(message.agreement as object), '@id': 'urn:agreement:other' } });
    t.equal(answer.status, 400);
    t.equal((await stored(kit, row.id)).agreementId, agreementIdOf(row.id));
  });

  await t.test('while a message of ours is on its way', async (t) => {
    // Our agreement reached the consumer, which verified, before its acknowledgement was written.
    let row = await insert(kit, { role: 'PROVIDER', state: 'AGREEING', protocolState: 'REQUESTED' });
    await expectOutcome(t, kit, token, row, 'verification', 'VERIFIED', 'PROVIDER AGREEING + verification');
    row = await insert(kit, { role: 'PROVIDER', state: 'AGREEING', protocolState: 'ACCEPTED' });
    await expectOutcome(t, kit, token, row, 'accepted', 'same', 'PROVIDER AGREEING (after ACCEPTED) + accepted');
    await expectOutcome(t, kit, token, row, 'termination', 'TERMINATED', 'PROVIDER AGREEING + termination (the consumer may be AGREED)');
    row = await insert(kit, { role: 'PROVIDER', state: 'FINALIZING', protocolState: 'VERIFIED', agreement: true });
    await expectOutcome(t, kit, token, row, 'termination', 400, 'PROVIDER FINALIZING + termination');
    row = await insert(kit, { role: 'PROVIDER', state: 'TERMINATING', protocolState: 'OFFERED' });
    await expectOutcome(t, kit, token, row, 'accepted', 400, 'PROVIDER TERMINATING + accepted: our termination stands');
    await expectOutcome(t, kit, token, row, 'termination', 'TERMINATED', 'PROVIDER TERMINATING + termination');
    row = await insert(kit, { role: 'CONSUMER', state: 'VERIFYING', protocolState: 'AGREED', agreement: true });
    await expectOutcome(t, kit, token, row, 'finalized', 'FINALIZED', 'CONSUMER VERIFYING + finalized');
    row = await insert(kit, { role: 'CONSUMER', state: 'ACCEPTING', protocolState: 'OFFERED' });
    await expectOutcome(t, kit, token, row, 'offer', 400, 'CONSUMER ACCEPTING + offer');
    // The provider answers our first request with an offer before our acknowledgement is written.
    row = await insert(kit, { role: 'CONSUMER', state: 'REQUESTING', protocolState: null, correlationId: null });
    await expectOutcome(t, kit, token, row, 'offer', 'OFFERED', 'CONSUMER REQUESTING (first request) + offer');

    // The provider answers our first request with its agreement before we read its providerPid.
    row = await insert(kit, { role: 'CONSUMER', state: 'REQUESTING', protocolState: null, correlationId: null });
    const { path, message } = messageFor(row, 'agreement', 'urn:provider:first');
    const answer = await post(kit, token, path, message);
    t.equal(answer.status, 200);
    t.match(await stored(kit, row.id), { state: 'AGREED', correlationId: 'urn:provider:first' }, 'the providerPid is learnt from the message');
    const other = messageFor(row, 'finalized', 'urn:provider:someone-else');
    t.equal((await post(kit, token, other.path, other.message)).status, 404, 'from then on, another providerPid is another negotiation');
  });

  await t.test('a message that begins a negotiation, repeated, finds the negotiation it began', async (t) => {
    await offerAsset(t, kit, US, ASSET);
    const request = { '@type': 'ContractRequestMessage', consumerPid: 'urn:peer:begins', offer: { ...OFFER, '@id': 'cd-asset-table:asset-table:n' }, callbackAddress: 'http://127.0.0.1:9/callback/' };
    const first = await post(kit, token, '/negotiations/request', request);
    t.equal(first.status, 201);
    t.match(first.body, { '@type': 'ContractNegotiation', consumerPid: 'urn:peer:begins', providerPid: /^urn:uuid:/, state: 'REQUESTED' });
    t.same(await post(kit, token, '/negotiations/request', request), first, 'the same answer');
    const offer = { '@type': 'ContractOfferMessage', providerPid: 'urn:peer:offers', offer: OFFER, callbackAddress: 'http://127.0.0.1:9/callback' };
    const offered = await post(kit, token, '/negotiations/offers', offer);
    t.match(offered, { status: 201, body: { providerPid: 'urn:peer:offers', consumerPid: /^urn:uuid:/, state: 'OFFERED' } });
    t.same(await post(kit, token, '/negotiations/offers', offer), offered, 'the same answer');
    const em = kit.runtime.get(Database).em();
    t.equal(await em.count(ContractNegotiationEntity, { correlationId: { $in: ['urn:peer:begins', 'urn:peer:offers'] } }), 2, 'one negotiation each');

    const unknown = await post(kit, token, '/negotiations/request', { ...request, consumerPid: 'urn:peer:unknown', offer: { ...OFFER, '@id': 'cd-none:asset-table:n' } });
    t.match(unknown, { status: 400, body: { '@type': 'ContractNegotiationError', consumerPid: 'urn:peer:unknown', providerPid: '', reason: ['the offer is not one of the provider’s current offers'] } });
    const callback = await post(kit, token, '/negotiations/request', { ...request, consumerPid: 'urn:peer:ftp', callbackAddress: 'ftp://x' });
    t.match(callback, { status: 400, body: { reason: [/callbackAddress/] } });
    const continuing = await post(kit, token, '/negotiations/request', { ...request, providerPid: 'urn:x', callbackAddress: undefined });
    t.equal(continuing.status, 400, 'a request naming a providerPid goes to its negotiation');
    t.equal(await em.count(ContractNegotiationEntity, { correlationId: { $in: ['urn:peer:unknown', 'urn:peer:ftp'] } }), 0, 'none made of refused requests');
  });

  await t.test('a message names the negotiation of its path', async (t) => {
    const row = await insert(kit, { role: 'PROVIDER', state: 'OFFERED', protocolState: 'OFFERED' });
    const { message } = messageFor(row, 'accepted', row.correlationId!);
    const answer = await post(kit, token, `/negotiations/${row.id}/events`, { ...message, providerPid: 'urn:uuid:another' });
    t.equal(answer.status, 400);
    t.match(answer.body, { '@type': 'ContractNegotiationError', reason: [/providerPid/] });
    t.equal((await stored(kit, row.id)).state, 'OFFERED');
    const invalid = await post(kit, token, `/negotiations/${row.id}/events`, { '@type': 'ContractNegotiationEventMessage', providerPid: row.id, consumerPid: row.correlationId, eventType: 'STARTED' });
    t.equal(invalid.status, 400, 'an invalid message is a 400');
    t.match(invalid.body, { '@type': 'ContractNegotiationError', code: '400' });
  });
});
