/**
 * `tdss tenant <command>`: a client of a running runtime's tenant API (it starts nothing).
 * Arguments are all checked before the first request, so a usage error (exit 2) changes nothing.
 */
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.ts';
import { CommandError, usageError } from './command-error.ts';
import { createManagementClient, DEFAULT_MANAGEMENT_URL } from './management-client.ts';
import { changeTenantState } from './tenant-change-state.ts';
import type { TenantContext } from './tenant-context.ts';
import { createTenant } from './tenant-create.ts';
import { deleteTenant } from './tenant-delete.ts';
import { listTenants } from './tenant-list.ts';
import { readOutput, readTarget, type TenantOptions } from './tenant-options.ts';
import { showTenant } from './tenant-show.ts';

export const TENANT_USAGE = `Usage: tdss tenant <command> [options]

Manages tenants through the operator API (/v1/tenants) of a running runtime; it starts none
(start one with \`npm start\` or \`tdss start\`).

Commands:
  create --name NAME [--id ID] [--settings JSON|@FILE] [--no-wait] [--timeout DURATION]
                    create a tenant and follow its provisioning until ACTIVE or FAILED
  list [--state STATE] [--name NAME] [--offset N] [--limit N]
                    tenants, oldest first, with the total and the command for the next page
  show ID           a tenant and each step of its current (or last) workflow
  suspend ID [--no-wait] [--timeout DURATION]
                    ACTIVE -> SUSPENDED (its DSP endpoints answer 404)
  resume ID [--no-wait] [--timeout DURATION]
                    SUSPENDED -> ACTIVE
  delete ID [--no-wait] [--timeout DURATION]
                    terminate a tenant and follow it until TERMINATED or FAILED

Options of every command:
  --url URL         the management API (default: $TDSS_MANAGEMENT_URL, else ${DEFAULT_MANAGEMENT_URL})
  --token TOKEN     the operator token (default: $TDSS_TOKEN, else $TDSS_ADMIN_TOKEN); never printed.
                    Prefer the environment: arguments are visible to other users of the machine.
  --output FORMAT   table (default) or json for scripts: the tenant as last seen, even after a failure
  -h, --help        show this help

create, suspend, resume and delete show each step of their workflow as it changes and wait for its end:
  --timeout DURATION  stop following after this long, e.g. 90s, 5m, 1h (default 5m)
  --no-wait           answer at once, e.g. with the tenant PROVISIONING or TERMINATING
  Ctrl-C stops following; it does not cancel the workflow, which goes on in the runtime.
STATE is a tenant state such as PROVISIONING, ACTIVE, SUSPENDED, TERMINATED or FAILED (any case).

Exit codes: 0 done; 1 the API refused, could not be reached, or the workflow FAILED or timed out;
2 bad usage; 130 Ctrl-C while following.`;

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  id: { type: 'string' },
  settings: { type: 'string' },
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
  state: { type: 'string' },
  offset: { type: 'string' },
  limit: { type: 'string' },
} as const;

const COMMON = ['url', 'token', 'output', 'help'];

interface Subcommand {
  options: readonly (keyof typeof OPTIONS)[];
  /** Whether it acts on one tenant, named by the argument after the command. */
  takesId: boolean;
  run(ctx: TenantContext): Promise<number>;
}

const COMMANDS: Record<string, Subcommand> = {
  create: { options: ['name', 'id', 'settings', 'wait', 'timeout'], takesId: false, run: createTenant },
  list: { options: ['state', 'name', 'offset', 'limit'], takesId: false, run: listTenants },
  show: { options: [], takesId: true, run: showTenant },
  suspend: { options: ['wait', 'timeout'], takesId: true, run: (ctx) => changeTenantState(ctx, 'suspend') },
  resume: { options: ['wait', 'timeout'], takesId: true, run: (ctx) => changeTenantState(ctx, 'resume') },
  delete: { options: ['wait', 'timeout'], takesId: true, run: deleteTenant },
};

export async function tenantCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await runTenantCommand(argv, io, env);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    io.err(error.message);
    return error.exitCode;
  }
}

async function runTenantCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    const command = argv.find((arg) => arg in COMMANDS) ?? '';
    throw usageError(command, (error as Error).message);
  }
  const values = parsed.values as TenantOptions;
  const [command, ...args] = parsed.positionals;
  if (values.help || command === 'help') {
    io.out(TENANT_USAGE);
    return 0;
  }
  if (!command) {
    io.err(TENANT_USAGE);
    return 2;
  }
  const subcommand = COMMANDS[command];
  if (!subcommand) throw usageError('', `unknown command "${command}"; the commands are ${Object.keys(COMMANDS).join(', ')}`);
  const allowed = new Set<string>([...COMMON, ...subcommand.options]);
  const stray = Object.keys(values).filter((key) => !allowed.has(key));
  if (stray.length) {
    const own = subcommand.options.length ? subcommand.options.map((o) => (o === 'wait' ? '--no-wait' : `--${o}`)).join(', ') : 'none but';
    throw usageError(command, `${stray.map((key) => `--${key}`).join(', ')} is not an option of ${command} (its options: ${own} --url, --token, --output)`);
  }
  if (subcommand.takesId && args.length === 0) throw usageError(command, `name the tenant, e.g. tdss tenant ${command} acme (tdss tenant list shows the ids)`);
  const extra = subcommand.takesId ? args.slice(1) : args;
  if (extra.length) throw usageError(command, `unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`);
  const output = readOutput(command, values);
  const client = createManagementClient(readTarget(values, env));
  return subcommand.run({ command, client, io, output, values, id: args[0] ?? '' });
}
