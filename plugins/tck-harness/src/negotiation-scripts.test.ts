import type { ContractNegotiation, DecisionSituation, NegotiationDecision } from '@tdss/control-plane';
import t from 'tap';
import { CONSUMER_SCRIPTS, createTckDeciders, PROVIDER_SCRIPTS } from './negotiation-scripts.ts';
import { CONSUMER_NEGOTIATION_DATASETS, PROVIDER_NEGOTIATION_DATASETS } from './tck-ids.ts';

const laterMark = (_: DecisionSituation, decision: NegotiationDecision) => ({ kind: 'wait', later: decision }) as unknown as NegotiationDecision;

const situation = (role: 'PROVIDER' | 'CONSUMER', assetId: string, point: DecisionSituation['point'], initial = false): DecisionSituation => ({
  point,
  role,
  initial,
  negotiation: { assetId, id: 'n1', participantContextId: 'tck' } as ContractNegotiation,
});

t.test('every negotiation dataset of the kit has a script for its role', async (t) => {
  t.same(Object.keys(PROVIDER_SCRIPTS).sort(), [...PROVIDER_NEGOTIATION_DATASETS].sort());
  t.same(Object.keys(CONSUMER_SCRIPTS).sort(), [...CONSUMER_NEGOTIATION_DATASETS].sort());
  t.equal(PROVIDER_NEGOTIATION_DATASETS.length, 15);
  t.equal(CONSUMER_NEGOTIATION_DATASETS.length, 16);
});

t.test('the deciders answer per role and dataset, and every move but waiting is taken later', async (t) => {
  const [provider, consumer] = createTckDeciders(laterMark);
  // CN:01-02: offer first, terminate the counter-offer.
  t.same(await provider!.decide(situation('PROVIDER', 'ACN0102', 'REQUESTED', true)), { kind: 'wait', later: { kind: 'offer' } });
  t.match(await provider!.decide(situation('PROVIDER', 'ACN0102', 'REQUESTED')), { kind: 'wait', later: { kind: 'terminate' } });
  // CN:02-05 and CN_C:02-02: wait now, terminate later.
  t.match(await provider!.decide(situation('PROVIDER', 'ACN0205', 'OFFERED')), { kind: 'wait', later: { kind: 'terminate' } });
  t.match(await consumer!.decide(situation('CONSUMER', 'ACNC0202', 'REQUESTED')), { kind: 'wait', later: { kind: 'terminate' } });
  // CN_C:03-06: the consumer must not verify.
  t.same(await consumer!.decide(situation('CONSUMER', 'ACNC0306', 'AGREED')), { kind: 'wait' });
  // Other roles and unknown datasets are left to the defaults.
  t.equal(await provider!.decide(situation('CONSUMER', 'ACN0102', 'REQUESTED')), undefined);
  t.equal(await consumer!.decide(situation('CONSUMER', 'other', 'OFFERED')), undefined);
});
