/** Test support: a consumer of the pull stream (SSE or NDJSON), keeping every event it read. */
import type { NodeValue } from '../node-value.ts';

/** A data change as sent, and when this reader got it (ms since the epoch). */
export type Change = NodeValue & { sequence: number; receivedAt: number };

export interface StreamReader {
  changes: Change[];
  /** The `end` event's reason, once it came. */
  endReason: string | undefined;
  /** Resolves when the server closed the stream. */
  closed: Promise<void>;
  /** Resolves once `count` changes of `nodeId` were read (fails after `timeoutMs`). */
  waitFor(nodeId: string, count: number, timeoutMs?: number): Promise<Change[]>;
  close(): void;
}

export async function openStream(url: string, token: string, format: 'sse' | 'ndjson' = 'sse'): Promise<{ status: number; contentType: string | null; reader?: StreamReader; problem?: Record<string, unknown> }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: format === 'sse' ? 'text/event-stream' : 'application/x-ndjson' }, signal: abort.signal });
  if (res.status !== 200) return { status: res.status, contentType: res.headers.get('content-type'), problem: (await res.json()) as Record<string, unknown> };
  const reader: StreamReader = {
    changes: [],
    endReason: undefined,
    closed: Promise.resolve(),
    async waitFor(nodeId, count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const of = reader.changes.filter((change) => change.nodeId === nodeId);
        if (of.length >= count) return of.slice(0, count);
        if (Date.now() > deadline) throw new Error(`only ${of.length} of ${count} changes of ${nodeId} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => abort.abort(),
  };
  const take = (event: string, data: string) => {
    const parsed = JSON.parse(data) as Record<string, unknown>;
    if (event === 'end') reader.endReason = String((parsed as { reason: unknown }).reason);
    else reader.changes.push({ ...(parsed as unknown as Change), receivedAt: Date.now() });
  };
  reader.closed = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        const separator = format === 'sse' ? '\n\n' : '\n';
        let at: number;
        while ((at = buffer.indexOf(separator)) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + separator.length);
          if (format === 'ndjson') {
            const line = JSON.parse(block) as { end?: { reason: string } };
            if (line.end) reader.endReason = line.end.reason;
            else reader.changes.push({ ...(line as unknown as Change), receivedAt: Date.now() });
            continue;
          }
          const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
          if (fields.data !== undefined) take(fields.event ?? 'message', fields.data);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return { status: 200, contentType: res.headers.get('content-type'), reader };
}
