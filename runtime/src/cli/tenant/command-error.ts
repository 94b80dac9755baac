/**
 * What a tenant command prints when it cannot do its job, and its exit code: 1 when the API
 * refused or a workflow failed, 2 for bad usage. `transient` marks failures worth another try
 * while following a workflow (the runtime restarting, a 503).
 */
export class CommandError extends Error {
  readonly exitCode: number;
  readonly transient: boolean;

  constructor(message: string, options: { exitCode?: number; transient?: boolean } = {}) {
    super(message);
    this.name = 'CommandError';
    this.exitCode = options.exitCode ?? 1;
    this.transient = options.transient ?? false;
  }
}

/** A usage error names the command and how to fix it; exit code 2. */
export function usageError(command: string, problem: string): CommandError {
  return new CommandError(`tdss tenant${command ? ` ${command}` : ''}: ${problem}\n  (tdss tenant --help lists the commands and their options)`, { exitCode: 2 });
}
