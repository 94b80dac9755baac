import { TdssError } from '@tdss/sdk';

/** Where a command writes: stdout for results, stderr for problems. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Present when stderr is a terminal: progress is redrawn in place there instead of logged line by line. */
  terminal?: Terminal;
}

export interface Terminal {
  write(text: string): void;
  readonly columns: number;
}

export function describeError(error: unknown): string {
  if (error instanceof TdssError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}
