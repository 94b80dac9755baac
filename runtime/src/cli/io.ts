import { TdssError } from '@tdss/sdk';

/** Where a command writes: stdout for results, stderr for problems. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof TdssError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}
