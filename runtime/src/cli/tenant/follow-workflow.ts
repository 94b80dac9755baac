/**
 * The end of every command that starts a workflow (create, suspend, resume, delete): follow it
 * until the tenant leaves `whileState`, then report. Exit 0 when it reached `goal`, 1 when the
 * workflow failed (with the cause and the failing step), timed out or the tenant went elsewhere,
 * 130 when Ctrl-C stopped the following. An API that answers with the goal at once (a
 * synchronous transition) needs no following.
 */
import { DEFAULT_TIMEOUT, readDuration } from './tenant-options.ts';
import { followTenant } from './follow-tenant.ts';
import { createProgressLines } from './progress-lines.ts';
import { createProgressScreen } from './progress-screen.ts';
import { printJson, type TenantContext } from './tenant-context.ts';
import type { TenantDetailsJson, TenantJson } from './tenant-json.ts';

export interface WorkflowGoal {
  /** The state while the workflow runs, e.g. PROVISIONING. */
  whileState: string;
  /** Where it should end, e.g. ACTIVE. */
  goal: string;
  /** What to run after a failure, e.g. `tdss tenant delete acme`. */
  afterFailure: string;
}

/** Read before the request that starts the workflow, so a bad --timeout changes nothing. */
export function readTimeout(ctx: TenantContext): number {
  return readDuration(ctx.command, 'timeout', ctx.values.timeout ?? DEFAULT_TIMEOUT);
}

export async function followWorkflow(ctx: TenantContext, started: TenantJson, goal: WorkflowGoal, timeoutMs: number): Promise<number> {
  const { io, values, command } = ctx;
  const show = `tdss tenant show ${started.id}`;
  if (values.wait === false || started.state !== goal.whileState) {
    if (ctx.output === 'json') printJson(io, started);
    else io.out(`tenant ${started.id} is ${started.state}${started.state === goal.whileState ? `: follow it with ${show}` : ''}`);
    return started.state === goal.whileState || started.state === goal.goal ? 0 : 1;
  }
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.on('SIGINT', onSignal);
  const result = await followTenant(ctx.client, started.id, {
    whileState: goal.whileState,
    timeoutMs,
    interrupt: interrupt.signal,
    view: io.terminal ? createProgressScreen(io.terminal) : createProgressLines(io.err),
  }).finally(() => process.off('SIGINT', onSignal));
  // Scripts get the last state seen whatever the outcome; the messages go to stderr.
  if (ctx.output === 'json' && result.tenant) printJson(io, result.tenant);
  if (result.outcome === 'interrupted') {
    io.err(`tdss tenant ${command}: stopped following tenant ${started.id} (Ctrl-C); its workflow was not cancelled and goes on in the runtime — check it with ${show}`);
    return 130;
  }
  if (result.outcome === 'timeout') {
    io.err(`tdss tenant ${command}: tenant ${started.id} is still ${goal.whileState} after ${values.timeout ?? DEFAULT_TIMEOUT}; its workflow goes on in the runtime — check it with ${show}`);
    return 1;
  }
  const tenant = result.tenant;
  if (tenant.state === goal.goal) {
    if (ctx.output === 'table') io.out(`tenant ${tenant.id} is ${tenant.state}${tenant.did && goal.goal === 'ACTIVE' ? `: ${tenant.did}` : ''}`);
    return 0;
  }
  const failed = tenant.state === 'FAILED' || FAILED_WORKFLOW.has(tenant.orchestration?.state ?? '');
  io.err(failed ? describeFailure(ctx, tenant, goal) : `tdss tenant ${command}: tenant ${tenant.id} is ${tenant.state}, not ${goal.goal}: something else acted on it meanwhile`);
  return 1;
}

const FAILED_WORKFLOW = new Set(['FAILED', 'CANCELLED']);

function describeFailure(ctx: TenantContext, tenant: TenantDetailsJson, goal: WorkflowGoal): string {
  const cause = tenant.error ?? tenant.orchestration?.error ?? 'the workflow failed';
  const lines = [`tdss tenant ${ctx.command}: tenant ${tenant.id} ${tenant.state === 'FAILED' ? 'FAILED' : `is ${tenant.state} again, ${ctx.command} failed`}: ${cause}`];
  const steps = tenant.orchestration?.steps ?? [];
  const failing = steps.find((step) => step.state === 'FAILED') ?? steps.find((step) => step.state === 'COMPENSATION_FAILED');
  if (failing) {
    const attempts = failing.attempts === 1 ? '1 attempt' : `${failing.attempts} attempts`;
    lines.push(`  failing step: ${failing.id} (${failing.activity}), ${failing.state} after ${attempts}: ${failing.error ?? 'no error recorded'}`);
  }
  const compensated = steps.filter((step) => step.state === 'COMPENSATED').map((step) => step.id);
  if (compensated.length) lines.push(`  undone: ${compensated.join(', ')}`);
  lines.push(`  → details: tdss tenant show ${tenant.id}; then: ${goal.afterFailure}`);
  return lines.join('\n');
}
