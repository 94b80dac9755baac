import { validateSettings } from '@tdss/kernel';
import { Type } from '@tdss/sdk';
import t from 'tap';
import { MACHINE_DEFAULTS, StateMachineSettings } from './state-machine-settings.ts';

const PluginSettings = Type.Object({ negotiations: StateMachineSettings });

t.test('embedded in a plugin schema, an absent block takes every default', async (t) => {
  const { value, issues } = validateSettings<{ negotiations: StateMachineSettings }>(PluginSettings, {}, ['plugins', 'p']);
  t.same(issues, []);
  t.same(value.negotiations, MACHINE_DEFAULTS);
});

t.test('given values are kept and the rest defaulted', async (t) => {
  const { value, issues } = validateSettings<{ negotiations: StateMachineSettings }>(
    PluginSettings,
    { negotiations: { leaseMs: 5_000, retry: { maxAttempts: 3 } } },
    ['plugins', 'p'],
  );
  t.same(issues, []);
  t.same(value.negotiations, { ...MACHINE_DEFAULTS, leaseMs: 5_000, retry: { ...MACHINE_DEFAULTS.retry, maxAttempts: 3 } });
});

t.test('bad values and unknown keys are reported with their path', async (t) => {
  const { issues } = validateSettings(PluginSettings, { negotiations: { batchSize: 0, retry: { jitter: 2, backoff: 1 } } }, ['plugins', 'p']);
  const paths = issues.map((issue) => issue.path.join('.'));
  t.ok(paths.includes('plugins.p.negotiations.batchSize'), `batchSize reported: ${paths}`);
  t.ok(paths.includes('plugins.p.negotiations.retry.jitter'), 'jitter reported');
  t.ok(paths.includes('plugins.p.negotiations.retry.backoff'), 'the unknown key reported');
});
