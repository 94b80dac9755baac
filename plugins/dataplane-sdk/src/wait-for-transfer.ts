/**
 * Polling of a runtime's transfer processes, typed by shape: the control plane's
 * TransferProcesses fits (the control plane depends on this SDK, so the SDK cannot import it).
 */

interface TransferLike {
  id: string;
  state: string;
  consumerPid?: string | null;
  errorDetail?: string | null;
}

export interface TransferLookup<P extends TransferLike> {
  get(participantContextId: string, id: string): Promise<P>;
  list(participantContextId: string, query: { offset: number; limit: number; filters: { role: 'PROVIDER' } }): Promise<{ items: P[] }>;
}

/** Polls until the process is in one of `states`; fails with the last state seen. */
export async function waitForTransferState<P extends TransferLike>(transfers: TransferLookup<P>, participantContextId: string, id: string, states: readonly P['state'][], timeoutMs = 30_000): Promise<P> {
  const deadline = Date.now() + timeoutMs;
  let last: P | undefined;
  while (Date.now() < deadline) {
    last = await transfers.get(participantContextId, id);
    if (states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`transfer ${id} of ${participantContextId} did not reach ${states.join('/')} within ${timeoutMs} ms; it is ${last?.state} (${last?.errorDetail ?? 'no detail'})`);
}

/** The provider's process of a consumer's transfer, once the provider has it. */
export async function providerProcessOf<P extends TransferLike>(transfers: TransferLookup<P>, providerContextId: string, consumerPid: string, timeoutMs = 30_000): Promise<P> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await transfers.list(providerContextId, { offset: 0, limit: 500, filters: { role: 'PROVIDER' } });
    const found = page.items.find((item) => item.consumerPid === consumerPid);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no provider process for ${consumerPid}`);
}
