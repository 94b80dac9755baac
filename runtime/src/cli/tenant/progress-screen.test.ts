import t from 'tap';
import { createProgressScreen } from './progress-screen.ts';
import type { StepJson } from './tenant-json.ts';
import { tenantDetails as tenant } from './test-support/tenant-details.ts';

const step = (id: string, state: string, extra: Partial<StepJson> = {}): StepJson => ({
  id,
  activity: `tenant.${id}`,
  state,
  attempts: state === 'WAITING' ? 0 : 1,
  error: null,
  startedAt: state === 'WAITING' ? null : '2026-01-01T00:00:00.000Z',
  finishedAt: state === 'COMPLETED' ? '2026-01-01T00:00:01.500Z' : null,
  compensatedAt: null,
  ...extra,
});

t.test('the step block is redrawn in place, spins while a step runs and ends with the cursor shown', async (t) => {
  const writes: string[] = [];
  const screen = createProgressScreen({ write: (text) => writes.push(text), columns: 60 });
  screen.update(tenant('PROVISIONING', [step('identity', 'RUNNING'), step('context', 'WAITING')]));
  t.equal(writes[0], '\x1b[?25l', 'hides the cursor');
  t.equal(writes[1]!.startsWith('\x1b[2K'), true, 'the first block starts where the cursor is');
  t.match(writes[1], /^\x1b\[2K {2}[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] identity {2}tenant\.identity {2}RUNNING/m, 'a spinner on the running step');
  t.match(writes[1], /· context {3}tenant\.context {3}WAITING\n$/);

  await new Promise((resolve) => setTimeout(resolve, 250));
  const spun = writes.slice(2);
  t.ok(spun.length >= 1, 'the spinner redraws between polls');
  t.ok(spun.every((text) => text.startsWith('\x1b[3F')), 'each redraw moves back over the three lines drawn');

  screen.update(tenant('ACTIVE', [step('identity', 'COMPLETED'), step('context', 'FAILED', { error: 'x'.repeat(200) })]));
  screen.finish();
  const count = writes.length;
  await new Promise((resolve) => setTimeout(resolve, 250));
  t.equal(writes.length, count, 'no redraw after finish');
  t.equal(writes.at(-1), '\x1b[?25h', 'shows the cursor again');
  const last = writes.at(-2)!;
  t.match(last, /✓ identity {2}tenant\.identity {2}COMPLETED {2}1\.5 s/);
  t.notMatch(last, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/, 'no spinner once finished');
  for (const line of last.split('\n').filter(Boolean)) t.ok(line.replace('\x1b[2K', '').replace(/^\x1b\[\d+F/, '').length <= 59, 'cut to the width');
  t.match(last, /✗ context .*…$/m);
});

t.test('a notice goes above the block, which is drawn again below it', async (t) => {
  const writes: string[] = [];
  const screen = createProgressScreen({ write: (text) => writes.push(text), columns: 80 });
  screen.update(tenant('PROVISIONING', [step('identity', 'COMPLETED')]));
  screen.notice('lost contact');
  screen.finish();
  const notice = writes.find((text) => text.includes('lost contact'))!;
  t.equal(notice, '\x1b[2F\x1b[0Jlost contact\n');
  const after = writes.slice(writes.indexOf(notice) + 1).join('');
  t.match(after, /^\x1b\[2Ktenant acme: PROVISIONING/, 'the block follows the notice without moving up over it');
});
