import type { TransferProcess, TransferProcesses } from '@tdss/control-plane';
import type { Logger } from '@tdss/sdk';
import t from 'tap';
import { runTransferScript } from './run-transfer-script.ts';
import { PROVIDER_TRANSFER_AGREEMENTS } from './tck-ids.ts';
import { CONSUMER_TRANSFER_SCRIPTS, PROVIDER_TRANSFER_SCRIPTS, transferScriptOf } from './transfer-scripts.ts';

/** A process whose state the test moves; every decision is recorded and moves it where it leads. */
function fakeTransfers(initial: string | undefined) {
  let state = initial;
  const calls: string[] = [];
  const decide = (action: string, next: string) => async () => {
    calls.push(`${action}@${state}`);
    state = next;
    return {} as TransferProcess;
  };
  const service = {
    async get() {
      if (state === undefined) throw new Error('404');
      return { state } as TransferProcess;
    },
    start: decide('start', 'STARTED'),
    suspend: decide('suspend', 'SUSPENDED'),
    resume: decide('resume', 'STARTED'),
    complete: decide('complete', 'COMPLETED'),
    terminate: decide('terminate', 'TERMINATED'),
  } as unknown as TransferProcesses;
  return { service, calls, set: (next: string) => (state = next) };
}

function recordingLogger() {
  const warnings: string[] = [];
  return { logger: { warn: (_: unknown, message: string) => warnings.push(message) } as unknown as Logger, warnings };
}

const timing = { stepDelayMs: 0, stepTimeoutMs: 300, pollMs: 5 };

t.test('TP:01-04: each step waits for its state, then start, suspend, resume, complete in order', async (t) => {
  const transfers = fakeTransfers(undefined);
  const { logger, warnings } = recordingLogger();
  const run = runTransferScript(transfers.service, 'tck', 'p1', transferScriptOf(PROVIDER_TRANSFER_SCRIPTS, 'ATP0104').steps, timing, logger);
  // Not stored yet (the start guard runs first): nothing may happen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.same(transfers.calls, []);
  transfers.set('REQUESTED');
  await run;
  t.same(transfers.calls, ['start@REQUESTED', 'suspend@STARTED', 'resume@SUSPENDED', 'complete@STARTED']);
  t.same(warnings, []);
});

t.test('a state that never comes ends the script with a warning and no decision', async (t) => {
  const transfers = fakeTransfers('TERMINATED');
  const { logger, warnings } = recordingLogger();
  await runTransferScript(transfers.service, 'tck', 'p2', transferScriptOf(CONSUMER_TRANSFER_SCRIPTS, 'ATPC0202').steps, timing, logger);
  t.same(transfers.calls, []);
  t.equal(warnings.length, 1);
});

t.test('every provider agreement of the kit is scripted; held ones and unknown ones do nothing', async (t) => {
  t.same(Object.keys(PROVIDER_TRANSFER_SCRIPTS).sort(), [...PROVIDER_TRANSFER_AGREEMENTS].sort());
  t.same(transferScriptOf(PROVIDER_TRANSFER_SCRIPTS, 'ATP0205'), { steps: [] });
  t.same(transferScriptOf(CONSUMER_TRANSFER_SCRIPTS, 'ATPC0101'), { steps: [] });
  t.same(transferScriptOf(PROVIDER_TRANSFER_SCRIPTS, 'ATP0201').steps, [{ in: 'REQUESTED', do: 'start' }]);
});
