/** Thrown by an activity for an error no retry can fix: the step fails at once. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** The message stored as a step's error; long messages are cut, since they are stored and shown. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}
