/** How a suite drives load: a fixed number of tasks, a fixed number at a time. */

export interface InFlightRun<T> {
  /** In the order the tasks finished. */
  results: T[];
  seconds: number;
  /** This process's CPU time (user and system) over the run. */
  cpuMs: number;
}

/** Runs `task(i)` for i from 0 to count − 1, at most `inFlight` at a time. */
export async function inFlight<T>(count: number, inFlight: number, task: (i: number) => Promise<T>): Promise<InFlightRun<T>> {
  const results: T[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      for (let i = next++; i < count; i = next++) results.push(await task(i));
    }),
  );
  const used = process.cpuUsage(cpu);
  return { results, seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
}
