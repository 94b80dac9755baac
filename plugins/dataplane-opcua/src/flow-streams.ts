/**
 * The streams open on this process, by flow: a suspend, terminate or completion handled here ends
 * them at once (one handled by another replica is noticed by the stream's own periodic check).
 */
export interface FlowStreams {
  /** Registers a stream's end; the returned function unregisters it. */
  add(flowId: string, end: (reason: string) => void): () => void;
  endAll(flowId: string, reason: string): void;
  /** Every stream of every flow (the runtime drains). */
  endEvery(reason: string): void;
}

export function createFlowStreams(): FlowStreams {
  const open = new Map<string, Set<(reason: string) => void>>();
  const endAll = (flowId: string, reason: string) => {
    for (const end of [...(open.get(flowId) ?? [])]) end(reason);
  };
  return {
    add(flowId, end) {
      const ends = open.get(flowId) ?? new Set();
      ends.add(end);
      open.set(flowId, ends);
      return () => {
        ends.delete(end);
        if (ends.size === 0 && open.get(flowId) === ends) open.delete(flowId);
      };
    },
    endAll,
    endEvery(reason) {
      for (const flowId of [...open.keys()]) endAll(flowId, reason);
    },
  };
}
