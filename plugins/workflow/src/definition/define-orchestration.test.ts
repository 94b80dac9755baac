import { TdssError } from '@tdss/sdk';
import t from 'tap';
import { checkActivityTypes, defineOrchestration } from './define-orchestration.ts';
import type { OrchestrationDefinition } from './orchestration-definition.ts';

const attempt = (definition: unknown) => {
  try {
    defineOrchestration(definition as OrchestrationDefinition);
  } catch (error) {
    return error as TdssError;
  }
  throw new Error('the definition was accepted');
};

t.test('a valid DAG is returned frozen, with dependsOn defaulted', async (t) => {
  const definition = defineOrchestration({ name: 'provision', activities: [{ id: 'a', activity: 'x' }, { id: 'b', activity: 'y', dependsOn: ['a'] }] });
  t.same(definition.activities.map((step) => step.dependsOn), [[], ['a']]);
  t.ok(Object.isFrozen(definition) && Object.isFrozen(definition.activities[0]), 'frozen');
});

t.test('duplicate ids, unknown dependencies and cycles are refused, naming them', async (t) => {
  const duplicate = attempt({ name: 'dup', activities: [{ id: 'a', activity: 'x' }, { id: 'a', activity: 'y' }] });
  t.ok(duplicate instanceof TdssError);
  t.match(duplicate, { code: 'WORKFLOW_DEFINITION', plugin: '@tdss/workflow', message: /"dup".*step id "a" is used twice/ });

  t.match(attempt({ name: 'dep', activities: [{ id: 'a', activity: 'x', dependsOn: ['ghost'] }] }), { message: /step "a" depends on "ghost", which is not a step/, hint: /ghost/ });
  t.match(attempt({ name: 'self', activities: [{ id: 'a', activity: 'x', dependsOn: ['a'] }] }), { message: /step "a" depends on itself/ });

  const cycle = attempt({
    name: 'loop',
    activities: [
      { id: 'start', activity: 'x' },
      { id: 'a', activity: 'x', dependsOn: ['start', 'c'] },
      { id: 'b', activity: 'x', dependsOn: ['a'] },
      { id: 'c', activity: 'x', dependsOn: ['b'] },
    ],
  });
  t.match(cycle, { message: /cycle: (a → c → b → a|b → a → c → b|c → b → a → c)/, hint: /DAG/ });
});

t.test('names, step ids, activities and inputs are checked', async (t) => {
  t.match(attempt({ name: '', activities: [{ id: 'a', activity: 'x' }] }), { message: /name must be/ });
  t.match(attempt({ name: 'empty', activities: [] }), { message: /"empty": it has no activities/ });
  t.match(attempt({ name: 'ids', activities: [{ id: 'a b', activity: 'x' }] }), { message: /step id "a b" is not valid/ });
  t.match(attempt({ name: 'type', activities: [{ id: 'a' }] }), { message: /step "a" names no activity/ });
  t.match(attempt({ name: 'input', activities: [{ id: 'a', activity: 'x', input: [1] }] }), { message: /input of step "a" is not an object/ });
});

t.test('activity types unknown to the runtime are refused, naming types and steps', async (t) => {
  const definition = defineOrchestration({
    name: 'tenant',
    activities: [
      { id: 'did', activity: 'identity.create-did' },
      { id: 'keys', activity: 'identity.keys' },
      { id: 'context', activity: 'cp.context', dependsOn: ['did'] },
    ],
  });
  const known = new Set(['cp.context']);
  t.throws(() => checkActivityTypes(definition, (type) => known.has(type)), {
    code: 'WORKFLOW_DEFINITION',
    message: /unknown activity types "identity.create-did", "identity.keys" \(steps did, keys\)/,
    hint: /WorkflowActivities/,
  });
  known.add('identity.create-did').add('identity.keys');
  t.doesNotThrow(() => checkActivityTypes(definition, (type) => known.has(type)));
});
