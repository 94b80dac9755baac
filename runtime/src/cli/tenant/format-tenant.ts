/** The table output of `tdss tenant show` and `tdss tenant list`. */
import { formatTable } from './format-table.ts';
import { formatDuration, stepDurationMs } from './step-status.ts';
import type { TenantDetailsJson, TenantJson } from './tenant-json.ts';

export function formatTenantDetails(tenant: TenantDetailsJson): string[] {
  const fields: Array<[string, string | null]> = [
    ['ID', tenant.id],
    ['Name', tenant.name],
    ['State', tenant.state],
    ['DID', tenant.did],
    ['Settings', Object.keys(tenant.settings).length ? JSON.stringify(tenant.settings) : null],
    ['Error', tenant.error],
    ['Created', tenant.createdAt],
    ['Updated', tenant.updatedAt],
  ];
  const lines = fields.filter(([, value]) => value !== null).map(([label, value]) => `${label.padEnd(9)}${value}`);
  const orchestration = tenant.orchestration;
  if (!orchestration) return lines;
  const now = Date.now();
  lines.push('', `Workflow ${orchestration.id} (${orchestration.name}): ${orchestration.state}`);
  if (orchestration.error) lines.push(`  ${orchestration.error}`);
  const rows = orchestration.steps.map((step) => {
    const duration = stepDurationMs(step, now);
    return [step.id, step.activity, step.state, String(step.attempts), duration === undefined ? '-' : formatDuration(duration), step.error ?? ''];
  });
  lines.push(...formatTable(['STEP', 'ACTIVITY', 'STATE', 'ATTEMPTS', 'DURATION', 'ERROR'], rows).map((line) => `  ${line}`));
  return lines;
}

export function formatTenantTable(tenants: readonly TenantJson[]): string[] {
  return formatTable(
    ['ID', 'NAME', 'STATE', 'DID', 'CREATED'],
    tenants.map((t) => [t.id, t.name, t.state, t.did ?? '-', t.createdAt]),
  );
}
