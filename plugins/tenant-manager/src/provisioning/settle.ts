/**
 * Decisions on transfers and negotiations take effect asynchronously: the state machine sends
 * the DSP message, then the process reaches its new state. A step waits for that (bounded), so
 * that what follows it (a resumption, a purge) finds the processes settled.
 */
const SETTLE_MS = 10_000;
const POLL_MS = 50;

/** Resolves to what is still pending (an empty list once settled, or whatever remains after the bound). */
export async function settle<T>(pending: () => Promise<T[]>, timeoutMs = SETTLE_MS): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await pending();
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
