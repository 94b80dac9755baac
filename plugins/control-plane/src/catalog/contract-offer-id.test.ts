import t from 'tap';
import { formatContractOfferId, parseContractOfferId } from './contract-offer-id.ts';

t.test('round trip, with parts that need encoding', async (t) => {
  const id = { contractDefinitionId: 'cd:1', assetId: 'urn:asset/9 x', nonce: 'n' };
  const text = formatContractOfferId(id);
  t.equal(text.split(':').length, 3);
  t.same(parseContractOfferId(text), id);
  t.match(formatContractOfferId({ contractDefinitionId: 'a', assetId: 'b' }), /^a:b:[0-9a-f-]{36}$/, 'a nonce is generated');
});

t.test('plain ids such as the conformance kit sends parse as they read', async (t) => {
  t.same(parseContractOfferId('CD123:ACN0102:456'), { contractDefinitionId: 'CD123', assetId: 'ACN0102', nonce: '456' });
});

t.test('anything else is not ours', async (t) => {
  for (const text of ['', 'offer123', 'a:b', 'a:b:c:d', 'a::c', '%E0%A4%A:b:c']) t.equal(parseContractOfferId(text), undefined, text);
});
