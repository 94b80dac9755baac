import t from 'tap';
import { formatIssue, formatKeyPath } from './issue.ts';

t.test('key paths read like property access', async (t) => {
  t.equal(formatKeyPath(['plugins', '@tdss/http', 'contexts', 'default', 'port']), 'plugins["@tdss/http"].contexts.default.port');
  t.equal(formatKeyPath(['tags', 2]), 'tags[2]');
  t.equal(formatKeyPath(['./my plugin.ts']), '["./my plugin.ts"]');
  t.equal(formatKeyPath([]), '');
});

t.test('an issue shows file:line:column, key path, message and hint', async (t) => {
  t.equal(
    formatIssue({ file: '/p/tdss.yaml', line: 4, column: 7, path: ['runtime', 'logLevel'], message: 'expected x', hint: 'do y' }),
    '/p/tdss.yaml:4:7 runtime.logLevel: expected x\n    → do y',
  );
});

t.test('an issue without a position or path shows what it has', async (t) => {
  t.equal(formatIssue({ file: '/p/tdss.yaml', path: [], message: 'profile file not found' }), '/p/tdss.yaml: profile file not found');
  t.equal(formatIssue({ path: ['runtime'], message: 'm' }), 'runtime: m');
  t.equal(formatIssue({ path: [], message: 'dependency cycle' }), 'dependency cycle');
  t.equal(formatIssue({ file: 'f', line: 3, path: [], message: 'm' }), 'f:3:1: m', 'a missing column reads as 1');
});
