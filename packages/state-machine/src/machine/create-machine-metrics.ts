import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How much due work waits unclaimed: measured when the registry is scraped. */
export interface DueWork {
  rows: number;
  /** Seconds since the longest-waiting due row became due; 0 when none waits. */
  lagSeconds: number;
}

export interface MachineMetrics {
  processed(state: string, seconds: number): void;
  retried(state: string): void;
  exhausted(state: string): void;
  lost(state: string): void;
  /** Stops reporting the machine's due work (it stopped). */
  close(): void;
}

const NOOP: MachineMetrics = { processed() {}, retried() {}, exhausted() {}, lost() {}, close() {} };

/** Machines measured per registry, so that one pair of gauges reports every machine. */
const dueSourcesByRegistry = new WeakMap<Registry, Map<string, () => Promise<DueWork>>>();

/**
 * Counters and gauges labelled with the machine's name. Several machines share one registry:
 * each metric is created once and found again by name.
 */
export function createMachineMetrics(registry: Registry | undefined, machine: string, measureDue: () => Promise<DueWork>): MachineMetrics {
  if (!registry) return NOOP;
  const counter = (name: string, help: string) =>
    (registry.getSingleMetric(name) as Counter<'machine' | 'state'> | undefined) ??
    new Counter({ name, help, labelNames: ['machine', 'state'], registers: [registry] });
  const processed = counter('tdss_state_machine_processed_total', 'Processor runs whose outcome was written, by machine and state.');
  const retried = counter('tdss_state_machine_retried_total', 'Failed attempts scheduled for another try, by machine and state.');
  const exhausted = counter('tdss_state_machine_exhausted_total', 'Rows whose attempts in a state were all used up, by machine and state.');
  const lost = counter(
    'tdss_state_machine_lost_total',
    'Outcomes not written because the row changed or another replica took its lease over, by machine and state.',
  );
  const seconds =
    (registry.getSingleMetric('tdss_state_machine_process_seconds') as Histogram<'machine' | 'state'> | undefined) ??
    new Histogram({
      name: 'tdss_state_machine_process_seconds',
      help: 'Time from a processor start to its outcome written, by machine and state.',
      labelNames: ['machine', 'state'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  const sources = registerDueGauges(registry);
  sources.set(machine, measureDue);
  return {
    processed: (state, s) => {
      processed.inc({ machine, state });
      seconds.observe({ machine, state }, s);
    },
    retried: (state) => retried.inc({ machine, state }),
    exhausted: (state) => exhausted.inc({ machine, state }),
    lost: (state) => lost.inc({ machine, state }),
    close: () => sources.delete(machine),
  };
}

function registerDueGauges(registry: Registry): Map<string, () => Promise<DueWork>> {
  const existing = dueSourcesByRegistry.get(registry);
  if (existing) return existing;
  const sources = new Map<string, () => Promise<DueWork>>();
  dueSourcesByRegistry.set(registry, sources);
  const gauge = (name: string, help: string, pick: (work: DueWork) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['machine'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [machine, measure] of sources) {
          // A scrape must not fail because the database is briefly away: report no value then.
          const work = await measure().catch(() => undefined);
          if (work) this.set({ machine }, pick(work));
        }
      },
    });
  gauge('tdss_state_machine_due_rows', 'Rows due for processing that no replica has claimed yet.', (work) => work.rows);
  gauge('tdss_state_machine_due_lag_seconds', 'How long the longest-waiting due row has waited to be claimed.', (work) => work.lagSeconds);
  return sources;
}
