/** A data flow failure; `retryable: false` when trying again cannot help (the data plane refused, the source is gone). */
export class DataFlowError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DataFlowError';
    this.retryable = options.retryable;
  }
}
