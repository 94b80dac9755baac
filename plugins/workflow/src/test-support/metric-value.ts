import type { Metrics } from '@tdss/sdk';

/** The value of a metric (or of a histogram's `_count`/`_sum`) with the given labels, if reported. */
export async function metricValue(registry: Metrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const value of metric.values as Array<{ value: number; labels: Record<string, unknown>; metricName?: string }>) {
      if ((value.metricName ?? metric.name) !== name) continue;
      if (Object.entries(labels).every(([key, label]) => value.labels[key] === label)) return value.value;
    }
  }
  return undefined;
}
