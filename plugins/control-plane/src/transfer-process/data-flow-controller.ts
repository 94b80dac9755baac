/**
 * The seam between a provider's transfer processes and whatever moves the data: until Data Plane
 * Signaling arrives, a plugin contributes one controller per transfer type (DSP `format`) to
 * `DataFlowControllers`. A type no controller serves is refused ("transfer type not supported").
 */
import type { DataAddress as DspDataAddress } from '@tdss/json-ld';

/** What a controller is told about the transfer whose data flow it runs. */
export interface DataFlow {
  /** The provider's pid; stable across retries, so it is the idempotency key of every call. */
  transferProcessId: string;
  participantContextId: string;
  agreementId: string;
  /** The agreement's target. */
  assetId: string;
  /** The consumer's participant id. */
  counterpartyId: string;
  transferType: string;
  /** Push: where the consumer wants the data. Absent for pull. */
  destination?: DspDataAddress;
  /** Why the flow is suspended or terminated, when a reason was given. */
  reason?: string;
}

export interface DataFlowStarted {
  /** Pull: where and with which token the consumer fetches the data (sent in TransferStartMessage). */
  dataAddress?: DspDataAddress;
}

/**
 * A data flow for one transfer type. Every method may be called again for the same flow (a
 * replica died after the call and before its outcome was stored, or a retry): make them
 * idempotent on `transferProcessId`. `terminate` may come for a flow that never started.
 * A thrown error is retried with back-off; a `DataFlowError` with `retryable: false` ends the
 * transfer at once (TERMINATED, the consumer told why).
 */
export interface DataFlowController {
  /** The DSP `format` it serves, e.g. `HttpData-PULL`. */
  readonly transferType: string;
  /** PUSH: the consumer sends a destination with its request; PULL: `start` returns the address to pull from. */
  readonly flow: 'PULL' | 'PUSH';
  start(flow: DataFlow): Promise<DataFlowStarted>;
  suspend(flow: DataFlow): Promise<void>;
  /** Like start after a suspension; pull flows return a fresh address for the consumer. */
  resume(flow: DataFlow): Promise<DataFlowStarted>;
  complete(flow: DataFlow): Promise<void>;
  terminate(flow: DataFlow): Promise<void>;
}

/** A data flow failure; `retryable: false` when trying again cannot help (the source is gone, the type is refused). */
export class DataFlowError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DataFlowError';
    this.retryable = options.retryable;
  }
}
