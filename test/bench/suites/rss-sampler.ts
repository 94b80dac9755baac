/** The peak resident memory of this process while a suite streams, sampled every `intervalMs`. */
export function sampleRss(intervalMs = 20): { stop(): { baselineMb: number; peakMb: number; growthMb: number } } {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), intervalMs);
  return {
    stop() {
      clearInterval(sampler);
      const mb = 1024 * 1024;
      return { baselineMb: baseline / mb, peakMb: peak / mb, growthMb: (peak - baseline) / mb };
    },
  };
}
