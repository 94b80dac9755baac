/**
 * Plays a transfer script against one process through the `TransferProcesses` service: each step
 * waits until the process rests in the step's state, pauses (the kit's own connector pauses
 * between its moves too, and the kit expects each message only once it saw the state before),
 * then decides. Runs detached from the request that started it, so failures are logged, never thrown.
 */
import type { TransferProcesses } from '@tdss/control-plane';
import type { Logger } from '@tdss/sdk';
import type { TransferStep } from './transfer-scripts.ts';
import { sleep, type WaitTiming, waitForState } from './wait-for-state.ts';

export interface ScriptTiming extends WaitTiming {
  stepDelayMs: number;
}

export async function runTransferScript(transfers: TransferProcesses, participantContextId: string, processId: string, steps: readonly TransferStep[], timing: ScriptTiming, logger: Logger): Promise<void> {
  try {
    for (const step of steps) {
      await waitForState(() => transfers.get(participantContextId, processId), step.in, `transfer ${processId}`, timing);
      await sleep(timing.stepDelayMs);
      await transfers[step.do](participantContextId, processId);
    }
  } catch (error) {
    logger.warn({ err: error, processId }, 'tck-harness: a scripted transfer step failed; the kit test of this agreement will fail');
  }
}
