import t from 'tap';
import { newKeyPairId } from './key-pair-id.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('a key pair id follows from participant and key id, so a repeated create finds the same private key slot', async (t) => {
  const id = newKeyPairId('acme', 'tenant-key-1');
  t.match(id, UUID, 'UUID-shaped (version 5 style)');
  t.equal(newKeyPairId('acme', 'tenant-key-1'), id, 'the same on every call');
  t.not(newKeyPairId('globex', 'tenant-key-1'), id, 'another participant, another id');
  t.not(newKeyPairId('acme', 'tenant-key-2'), id, 'another key id, another id');
  t.not(newKeyPairId('acm', 'etenant-key-1'), newKeyPairId('acme', 'tenant-key-1'), 'the two parts do not run into each other');
  t.not(newKeyPairId('acme'), newKeyPairId('acme'), 'without a key id: random');
});
