/** Polls `url` until it answers `status`; fails when `alive()` turns false or time runs out. */
export async function waitForStatus(
  url: string,
  options: { status?: number; timeoutMs?: number; intervalMs?: number; alive?: () => boolean } = {},
): Promise<void> {
  const { status = 200, timeoutMs = 30_000, intervalMs = 10, alive = () => true } = options;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server stopped before ${url} answered ${status} (last: ${last})`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === status) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}
