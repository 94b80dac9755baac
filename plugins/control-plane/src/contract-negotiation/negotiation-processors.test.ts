/**
 * How our messages fail, against a stub provider that answers as a test tells it to: a refused
 * first request ends the negotiation there; a refused later message makes us tell the
 * counterparty; a counterparty that keeps failing is given up on; and a repeated message refused
 * because its first attempt got through is recognised by asking for the negotiation's state.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { createScriptedDecider } from '../index.ts';
import { createParticipant, type NegotiationKit, postDsp, requestOffer, startNegotiationRuntime, waitForState } from './test-support/negotiation-test-kit.ts';

const STUB = 'did:web:stub.example';
const CONTEXT = ['https://w3id.org/dspace/2025/1/context.jsonld'];

interface Seen {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

type Answer = { status: number; body?: unknown };

/** A provider that records every request and answers what `answer` says (200 with no body otherwise). */
async function stubProvider(t: Test, answer: (seen: Seen, count: number) => Answer | undefined) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method!, path: req.url!.replace(/^\/dsp/, ''), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
      seen.push(request);
      const reply = answer(request, seen.filter((s) => s.method === request.method && s.path === request.path).length) ?? { status: 200 };
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dsp`;
  return { address, seen, endpoints: { management: '', participant: () => '', dspBase: () => address } };
}

const negotiationAck = (providerPid: string, consumerPid: string, state: string) => ({ '@context': CONTEXT, '@type': 'ContractNegotiation', providerPid, consumerPid, state });
const offer = (target: string) => ({ '@id': `stub-offer-${target}`, '@type': 'Offer', target, permission: [{ action: 'use' }] });

/** Starts a negotiation for `target` at the stub, which answers the first request with providerPid `urn:stub:<target>`. */
async function begin(t: Test, kit: NegotiationKit, stub: Awaited<ReturnType<typeof stubProvider>>, target: string): Promise<string> {
  return requestOffer(t, kit, 'consumer', stub.endpoints, 'stub', { ...offer(target), assigner: STUB } as never);
}

/** The stub, as the provider, offers to the consumer's negotiation. */
async function stubOffers(kit: NegotiationKit, consumerPid: string, target: string) {
  return postDsp(kit, 'consumer', `/negotiations/${consumerPid}/offers`, STUB, { '@type': 'ContractOfferMessage', providerPid: `urn:stub:${target}`, consumerPid, offer: offer(target) });
}

await forEachDialect(t, 'our messages when the counterparty refuses or fails', async (t, _dialect, store) => {
  const kit = await startNegotiationRuntime(t, store, {
    deciders: [createScriptedDecider('consumer', 'CONSUMER', { accepting: { OFFERED: { kind: 'accept' } }, failing: { OFFERED: { kind: 'accept' } }, countering: { OFFERED: { kind: 'request' } } })],
  });
  await createParticipant(t, kit, 'consumer');
  const stub = await stubProvider(t, ({ method, path, body }, count) => {
    if (path === '/negotiations/request') {
      const target = (body!.offer as { target: string }).target;
      return target === 'refused' ? { status: 400, body: { '@type': 'ContractNegotiationError', code: 'unknown-offer' } } : { status: 201, body: negotiationAck(`urn:stub:${target}`, body!.consumerPid as string, 'REQUESTED') };
    }
    if (path === '/negotiations/urn:stub:accepting/events') return { status: 409, body: { reason: ['not now'] } };
    if (path === '/negotiations/urn:stub:failing/events') return { status: 503 };
    // The counter-offer gets through, but its answer is lost (503); the repetition is out of order (400).
    if (path === '/negotiations/urn:stub:countering/request') return { status: count === 1 ? 503 : 400 };
    if (method === 'GET' && path === '/negotiations/urn:stub:countering') return { status: 200, body: negotiationAck('urn:stub:countering', 'x', 'REQUESTED') };
    return undefined;
  });
  const sent = (path: string) => stub.seen.filter((s) => s.path === path);

  await t.test('a first request refused: terminated, with no one to tell', async (t) => {
    const id = await begin(t, kit, stub, 'refused');
    const negotiation = await waitForState(kit, 'consumer', id, 'TERMINATED');
    t.equal(negotiation.state, 'TERMINATED');
    t.match(negotiation.errorDetail, /refused the requesting message: .*answered 400 .*unknown-offer/);
    t.equal(stub.seen.filter((s) => s.path.endsWith('/termination')).length, 0, 'no termination: the provider made no negotiation');
  });

  await t.test('an acceptance refused: the counterparty is told, then terminated', async (t) => {
    const id = await begin(t, kit, stub, 'accepting');
    t.equal((await waitForState(kit, 'consumer', id, 'REQUESTED')).correlationId, 'urn:stub:accepting', "the provider's pid from its answer");
    t.equal((await stubOffers(kit, id, 'accepting')).status, 200);
    const negotiation = await waitForState(kit, 'consumer', id, 'TERMINATED');
    t.match(negotiation, { state: 'TERMINATED', errorDetail: /refused the accepting message: .*answered 409/ });
    const [termination] = sent('/negotiations/urn:stub:accepting/termination');
    t.match(termination?.body, { '@type': 'ContractNegotiationTerminationMessage', providerPid: 'urn:stub:accepting', consumerPid: id, reason: ['the negotiation cannot continue: a message of it was refused'] });
    // The reason alone: a random pid may contain "409".
    t.notMatch(JSON.stringify(termination?.body?.reason), /409|not now/, "the owner's detail stays with the owner");
  });

  await t.test('a counterparty that keeps failing is given up on after maxAttempts', async (t) => {
    const id = await begin(t, kit, stub, 'failing');
    await waitForState(kit, 'consumer', id, 'REQUESTED');
    await stubOffers(kit, id, 'failing');
    const negotiation = await waitForState(kit, 'consumer', id, 'TERMINATED');
    t.match(negotiation, { state: 'TERMINATED', errorDetail: /^ACCEPTING: gave up after 5 attempts: .*answered 503/ });
    t.equal(sent('/negotiations/urn:stub:failing/events').length, 5, 'five attempts');
    t.equal(sent('/negotiations/urn:stub:failing/termination').length, 0, 'an unreachable counterparty is not told');
  });

  await t.test('a repeated message refused because the first got through: acknowledged', async (t) => {
    const id = await begin(t, kit, stub, 'countering');
    await waitForState(kit, 'consumer', id, 'REQUESTED');
    await stubOffers(kit, id, 'countering');
    const until = Date.now() + 10_000;
    while (sent('/negotiations/urn:stub:countering').length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    const negotiation = await waitForState(kit, 'consumer', id, 'REQUESTED');
    t.match(negotiation, { state: 'REQUESTED', errorDetail: null }, 'the counter-offer counts as made');
    t.equal(sent('/negotiations/urn:stub:countering/request').length, 2, 'sent twice');
    t.equal(stub.seen.filter((s) => s.method === 'GET').length, 1, 'the state was asked for once');
    t.same((stub.seen.find((s) => s.path === '/negotiations/urn:stub:countering/request')?.body as { offer: unknown }).offer, offer('countering'), 'the counter-offer is the latest offer');
  });
});
