import type { PlannedPlugin } from '@tdss/kernel';
import type { CliIo } from '../io.ts';
import { checkOrReport } from './check.ts';

export async function pluginsCommand(file: string, io: CliIo, json: boolean): Promise<number> {
  const result = await checkOrReport(file, io);
  if (!result) return 1;
  const { order, dropped } = result.plan;
  if (json) {
    io.out(JSON.stringify({ file: result.file, order: order.map(describe), dropped: dropped.map(describe) }, null, 2));
    return 0;
  }
  io.out(`${result.file} assembles ${order.length} plugins, in start order:`);
  const width = Math.max(...order.map((p) => `${p.plugin.name} ${p.plugin.version}`.length));
  order.forEach((planned, i) => {
    const d = describe(planned);
    const head = `${String(i + 1).padStart(3)}. ${`${d.name} ${d.version}`.padEnd(width)}`;
    io.out(`${head}  provides: ${d.provides.join(', ') || '-'}`);
    if (d.requires.length) io.out(`${' '.repeat(head.length)}  requires: ${d.requires.join(', ')}`);
    if (d.replaced.length) io.out(`${' '.repeat(head.length)}  replaced: ${d.replaced.join(', ')}`);
  });
  for (const planned of dropped) {
    const by = [...new Set(planned.replaced.map((r) => r.by))].join(', ');
    io.out(`  left out: ${planned.plugin.name} (its defaults are replaced by ${by})`);
  }
  return 0;
}

function describe(planned: PlannedPlugin) {
  return {
    name: planned.plugin.name,
    version: planned.plugin.version,
    provides: planned.provides.map((t) => t.name),
    requires: planned.dependsOn.map((d) => `${d.token.name} (from ${d.plugin})`),
    replaced: planned.replaced.map((r) => `${r.token.name} by ${r.by}`),
  };
}
