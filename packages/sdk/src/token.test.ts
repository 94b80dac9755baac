import t from 'tap';
import { createExtensionPoint, createServiceToken } from './token.ts';

t.test('a service token carries its name, description, providers and a stable id', async (t) => {
  const providedBy = ['@acme/a'];
  const token = createServiceToken<number>('acme.Billing', { description: 'bills', providedBy });
  t.match(token, { kind: 'service', name: 'acme.Billing', description: 'bills', providedBy: ['@acme/a'] });
  t.equal(token.id, Symbol.for('tdss.service:acme.Billing'), 'the same across copies of the SDK');
  t.equal(createServiceToken('acme.Billing', { description: 'again' }).id, token.id);
  providedBy.push('@acme/b');
  t.same(token.providedBy, ['@acme/a'], 'later changes to the given list do not leak in');
  t.ok(Object.isFrozen(token) && Object.isFrozen(token.providedBy));
  t.same(createServiceToken('acme.Other', { description: 'x' }).providedBy, []);
});

t.test('an extension point is a different identifier from a service of the same name', async (t) => {
  const point = createExtensionPoint<string>('acme.Billing', { description: 'many' });
  t.match(point, { kind: 'extension', name: 'acme.Billing', description: 'many' });
  t.equal(point.id, Symbol.for('tdss.extension:acme.Billing'));
  t.not(point.id, createServiceToken('acme.Billing', { description: 'one' }).id);
});

t.test('names must be dotted with a namespace first', async (t) => {
  for (const name of ['Billing', 'acme', 'Acme.Billing', 'acme.', '.Billing', 'acme Billing.x', '1acme.Billing']) {
    t.throws(() => createServiceToken(name, { description: 'd' }), { name: 'TypeError', message: `Token name "${name}" must be dotted` }, name);
    t.throws(() => createExtensionPoint(name, { description: 'd' }), TypeError, name);
  }
  for (const name of ['tdss.SecretStore', 'acme-corp.billing.Invoices', 'a.B-c']) {
    t.doesNotThrow(() => createServiceToken(name, { description: 'd' }), name);
  }
});
