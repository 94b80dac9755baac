import type { Logger } from '@tdss/sdk';
import t from 'tap';
import type { ContractNegotiation } from './contract-negotiation.ts';
import { createDecisionChain } from './create-decision-chain.ts';
import type { DecisionSituation, NegotiationDecider } from './negotiation-decision.ts';
import { createScriptedDecider } from './scripted-decider.ts';

const logger = { debug: () => undefined } as unknown as Logger;
const negotiation = (assetId: string) => ({ id: 'urn:uuid:n', assetId }) as ContractNegotiation;
const situation = (overrides: Partial<DecisionSituation>): DecisionSituation => ({ point: 'REQUESTED', role: 'PROVIDER', initial: true, negotiation: negotiation('a1'), ...overrides });
const defaults: NegotiationDecider = { name: 'defaults', decide: () => ({ kind: 'wait' }) };

t.test('the first decider that decides wins; the defaults decide the rest', async (t) => {
  const calls: string[] = [];
  const silent: NegotiationDecider = { name: 'silent', decide: () => void calls.push('silent') };
  const agrees: NegotiationDecider = { name: 'agrees', decide: async () => (calls.push('agrees'), { kind: 'agree' }) };
  const never: NegotiationDecider = { name: 'never', decide: () => (calls.push('never'), { kind: 'terminate' }) };
  t.same(await createDecisionChain(() => [silent, agrees, never], defaults, logger).decide(situation({})), { kind: 'agree' });
  t.same(calls, ['silent', 'agrees'], 'deciders are asked in order, until one decides');
  t.same(await createDecisionChain(() => [silent], defaults, logger).decide(situation({})), { kind: 'wait' });
});

t.test('a decision the role may not take at that point names the decider', async (t) => {
  const wrong: NegotiationDecider = { name: 'harness', decide: () => ({ kind: 'verify' }) };
  await t.rejects(createDecisionChain(() => [wrong], defaults, logger).decide(situation({})), {
    code: 'NEGOTIATION_DECISION_NOT_ALLOWED',
    message: 'negotiation decider harness decided verify, which a provider cannot do in REQUESTED',
    hint: /agree, offer, terminate, wait/,
  });
  const late: NegotiationDecider = { name: 'late', decide: () => ({ kind: 'terminate' }) };
  await t.rejects(createDecisionChain(() => [late], defaults, logger).decide(situation({ role: 'CONSUMER', point: 'ACCEPTED' })), { code: 'NEGOTIATION_DECISION_NOT_ALLOWED' }, 'the consumer cannot terminate in ACCEPTED');
});

t.test('a script decides for its role and its datasets only', async (t) => {
  const script = createScriptedDecider('tck', 'PROVIDER', {
    a1: { REQUESTED: (s) => (s.initial ? { kind: 'offer' } : { kind: 'terminate', reason: 'no' }), VERIFIED: { kind: 'wait' } },
  });
  t.same(await script.decide(situation({})), { kind: 'offer' });
  t.same(await script.decide(situation({ initial: false })), { kind: 'terminate', reason: 'no' });
  t.same(await script.decide(situation({ point: 'VERIFIED' })), { kind: 'wait' });
  t.equal(await script.decide(situation({ point: 'ACCEPTED' })), undefined, 'a point the script does not name');
  t.equal(await script.decide(situation({ negotiation: negotiation('a2') })), undefined, 'another dataset');
  t.equal(await script.decide(situation({ role: 'CONSUMER' })), undefined, 'the other role');
  t.equal(await script.decide(situation({ negotiation: negotiation('constructor') })), undefined, 'only the script’s own keys');
});
