/**
 * Polls a process (transfer or negotiation) until it rests in one state. Scripted moves of the
 * connector wait for this, so that they never race the message of ours that is still on its way.
 */
export interface WaitTiming {
  stepTimeoutMs: number;
  /** Poll interval; 25 ms by default. */
  pollMs?: number;
}

const FINAL = new Set(['COMPLETED', 'TERMINATED', 'FINALIZED']);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `read` may fail while the process is not stored yet: that counts as "not there yet". */
export async function waitForState(read: () => Promise<{ state: string }>, state: string, what: string, timing: WaitTiming): Promise<void> {
  const deadline = Date.now() + timing.stepTimeoutMs;
  let last = 'unknown';
  while (Date.now() < deadline) {
    const current = await read().catch(() => undefined);
    if (current) {
      last = current.state;
      if (current.state === state) return;
      if (FINAL.has(current.state)) break;
    }
    await sleep(timing.pollMs ?? 25);
  }
  throw new Error(`tck-harness: ${what} never rested in ${state} (last seen ${last})`);
}
