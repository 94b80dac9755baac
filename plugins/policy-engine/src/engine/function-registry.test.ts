import { TdssError } from '@tdss/sdk';
import t from 'tap';
import { dateTimeFunction } from '../functions/date-time-function.ts';
import type { LeftOperandFunction, PolicyFunction } from '../functions/policy-function.ts';
import type { PolicyScope } from '../model/evaluation.ts';
import { createFunctionRegistry } from './function-registry.ts';

const fn = (leftOperand: string | RegExp, scopes: PolicyScope[], description = 'fn'): LeftOperandFunction => ({
  leftOperand,
  scopes,
  description,
  resolve: () => 1,
});

t.test('finds functions by exact term per scope, normalising the odrl: prefix', async (t) => {
  const spatial = fn('spatial', ['catalog']);
  const registry = createFunctionRegistry([], [spatial]);
  t.equal(registry.leftOperand('spatial', 'catalog'), spatial);
  t.equal(registry.leftOperand('odrl:spatial', 'catalog'), spatial);
  t.equal(registry.leftOperand('http://www.w3.org/ns/odrl/2/spatial', 'catalog'), spatial);
  t.equal(registry.leftOperand('spatial', 'transfer.process'), undefined);
});

t.test('an exact term wins over a pattern, contributed patterns over built-in ones', async (t) => {
  const builtinPattern = fn(/^x:/, ['catalog'], 'built-in pattern');
  const ownPattern = fn(/^x:a/g, ['catalog'], 'own pattern');
  const exact = fn('x:abc', ['catalog'], 'exact');
  const registry = createFunctionRegistry([builtinPattern], [ownPattern, exact]);
  t.equal(registry.leftOperand('x:abc', 'catalog'), exact);
  t.equal(registry.leftOperand('x:aaa', 'catalog'), ownPattern);
  t.equal(registry.leftOperand('x:aaa', 'catalog'), ownPattern, 'a global pattern matches again (no lastIndex state)');
  t.equal(registry.leftOperand('x:zzz', 'catalog'), builtinPattern);
});

t.test('a contributed function replaces a built-in one; two contributions for one term and scope are refused', async (t) => {
  const clock = fn('dateTime', ['transfer.process'], 'trusted time source');
  const registry = createFunctionRegistry([dateTimeFunction], [clock]);
  t.equal(registry.leftOperand('dateTime', 'transfer.process'), clock);
  t.equal(registry.leftOperand('dateTime', 'catalog'), dateTimeFunction);

  const error = t.throws(() => createFunctionRegistry([], [fn('tier', ['catalog'], 'first'), fn('odrl:tier', ['catalog', 'transfer.process'], 'second')])) as TdssError;
  t.ok(error instanceof TdssError);
  t.match(error, { code: 'POLICY_FUNCTION_DUPLICATE', message: /leftOperand odrl:tier in scope catalog: "first" and "second"/, hint: /keep one/ });

  const duty: PolicyFunction = { dutyAction: 'compensate', scopes: ['catalog'], description: 'a', fulfilled: () => ({ fulfilled: true }) };
  t.throws(() => createFunctionRegistry([], [duty, { ...duty, dutyAction: 'odrl:compensate' }]), { code: 'POLICY_FUNCTION_DUPLICATE' });
  t.equal(createFunctionRegistry([], [duty]).duty('odrl:compensate', 'catalog'), duty);
});

t.test('a function must name known scopes', async (t) => {
  t.throws(() => createFunctionRegistry([], [fn('a', [])]), { code: 'POLICY_FUNCTION_SCOPE', message: /has no scopes/ });
  t.throws(() => createFunctionRegistry([], [fn('a', ['provision' as PolicyScope])]), { code: 'POLICY_FUNCTION_SCOPE', message: /unknown scopes provision/ });
});
