/**
 * `tdss <command>`: start a runtime, check a profile, list what a profile assembles, print the
 * profile JSON Schema, or manage the tenants of a running runtime (`tdss tenant`, its own options).
 * Exit codes: 0 success, 1 the profile, the runtime or the request failed, 2 bad usage.
 * Each command is imported when it runs: `tdss tenant`, an HTTP client, then starts in a tenth of
 * the time it takes to load the kernel the other commands need.
 */
import { parseArgs } from 'node:util';
import { builtinProfileNames, DEFAULT_PROFILE } from '../builtin-profiles.ts';
import type { CliIo } from './io.ts';

const USAGE = `Usage: tdss <command> [options]

Commands:
  start [--profile FILE|NAME]   start a runtime (default profile: ${DEFAULT_PROFILE})
  check FILE|NAME               validate a profile without starting it
  plugins FILE|NAME [--json]    list the plugins a profile assembles, in start order
  schema [FILE|NAME]            print the JSON Schema of profiles (built-in plugins and those FILE uses)
  tenant <command>              manage the tenants of a running runtime through its operator API:
                                create, list, show, suspend, resume, delete (tdss tenant --help)
  help                          show this help

Built-in profiles: ${builtinProfileNames().join(', ')}
Profiles are YAML or JSON; strings may use \${ENV} and \${ENV:-default}.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'tenant') return (await import('./tenant/tenant-command.ts')).tenantCommand(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: 'string', short: 'p' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, target, ...rest] = parsed.positionals;
  const { values } = parsed;
  if (!command || command === 'help' || values.help) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (rest.length) {
    io.err(`tdss ${command}: unexpected arguments: ${rest.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  switch (command) {
    case 'start':
      return (await import('./commands/start.ts')).startCommand(values.profile ?? target ?? DEFAULT_PROFILE, io);
    case 'check':
    case 'plugins': {
      const file = target ?? values.profile;
      if (!file) {
        io.err(`tdss ${command}: name the profile file, e.g. tdss ${command} my-profile.yaml`);
        return 2;
      }
      return command === 'check'
        ? (await import('./commands/check.ts')).checkCommand(file, io)
        : (await import('./commands/plugins.ts')).pluginsCommand(file, io, values.json ?? false);
    }
    case 'schema':
      return (await import('./commands/schema.ts')).schemaCommand(target ?? values.profile, io);
    default:
      io.err(`tdss: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
