/**
 * What a provider's transfer process does to its data flow, as Data Plane Signaling messages to
 * the data plane the transfer was given (`dataPlaneId`). Every message id is derived from the
 * process, its state and when it entered it: a retry of a step (or a replica taking over after a
 * crash) sends the same message, which the data plane answers as it did the first copy.
 *
 * The start message's `metadata` carries `participantContextId` and `sourceDataAddress` (the
 * asset's data address): the data plane needs no call back to learn where the data is.
 *
 * A 4xx answer is final (DataFlowError, not retryable), except a 409 "changed concurrently"; a
 * 5xx, a timeout or a network failure is retried by the transfer state machine.
 */
import { createHash } from 'node:crypto';
import type { DataFlowStatusMessage, SignalingResponse } from '@tdss/dataplane-sdk';
import type { DataAddress as DspDataAddress } from '@tdss/json-ld';
import { ProblemError, unlessNotFound } from '@tdss/sdk';
import type { Assets, ParticipantContexts } from '../tokens.ts';
import type { TransferProcessRow } from '../transfer-process/transfer-process.ts';
import { toDpsAddress, toDspAddress } from './data-address-mapping.ts';
import { DataFlowError } from './data-flow-error.ts';
import { isRetryableSignal, type DataPlaneRegistry, type SelectedDataPlane } from './data-plane-registry.ts';

type Row = Readonly<TransferProcessRow>;

export interface DataFlowStarted {
  /** Pull: where and with which token the consumer fetches the data (sent in TransferStartMessage). */
  dataAddress?: DspDataAddress;
}

export interface DataFlowSignals {
  start(row: Row): Promise<DataFlowStarted>;
  suspend(row: Row): Promise<void>;
  /** Pull flows answer a fresh address for the consumer. */
  resume(row: Row): Promise<DataFlowStarted>;
  complete(row: Row): Promise<void>;
  /** A flow that never started, or whose data plane is gone, has nothing to stop. */
  terminate(row: Row): Promise<void>;
}

export interface DataFlowSignalsOptions {
  registry: () => DataPlaneRegistry;
  contexts: () => ParticipantContexts;
  assets: () => Assets;
  dataspaceContext: string;
}

/** The same id for every copy of one step's message; a new one for each state the process enters. */
export function messageIdOf(row: Row, signal: string): string {
  const hex = createHash('sha256').update(`${row.id}\n${row.state}\n${row.stateTimestamp.getTime()}\n${signal}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function createDataFlowSignals(options: DataFlowSignalsOptions): DataFlowSignals {
  const planeOf = async (row: Row): Promise<SelectedDataPlane | undefined> => (row.dataPlaneId ? options.registry().get(row.dataPlaneId) : undefined);
  const required = async (row: Row): Promise<SelectedDataPlane> => {
    const plane = await planeOf(row);
    if (!plane) throw new DataFlowError(`data plane ${row.dataPlaneId ?? '(none)'} of transfer type ${row.transferType} is not registered any more`, { retryable: false });
    return plane;
  };

  const signal = async <T>(plane: SelectedDataPlane, what: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new DataFlowError(`data plane ${plane.info.id} ${what}: ${detail}`, { retryable: isRetryableSignal(error), cause: error });
    }
  };

  const started = (plane: SelectedDataPlane, response: SignalingResponse<DataFlowStatusMessage>): DataFlowStarted => {
    // 202: the flow is STARTING. The same message is sent again with back-off; the data plane answers it
    // like the first until the flow started, then with the outcome (and its started callback hurries that on).
    if (response.status === 202 || response.body.state !== 'STARTED') {
      throw new DataFlowError(`data plane ${plane.info.id}: the data flow is ${response.body.state}, not started yet`, { retryable: true });
    }
    return response.body.dataAddress ? { dataAddress: toDspAddress(response.body.dataAddress) } : {};
  };

  return {
    async start(row) {
      const plane = await required(row);
      const participant = await options.contexts().get(row.tenantId);
      // An agreement may outlive its asset (or be recorded without one): the data plane decides what that means.
      const asset = await unlessNotFound(options.assets().get(row.tenantId, row.assetId));
      const response = await signal(plane, 'refused to start the data flow', () =>
        plane.signaling.start({
          messageId: messageIdOf(row, 'start'),
          participantId: participant.participantId,
          counterPartyId: row.counterpartyId,
          dataspaceContext: options.dataspaceContext,
          processId: row.id,
          agreementId: row.agreementId,
          datasetId: row.assetId,
          profile: row.transferType,
          // The counterparty's claims were checked when it asked; they are not kept with the process.
          claims: {},
          // What the data plane reads the data from (the asset's private data address) and for whom.
          metadata: { participantContextId: row.tenantId, ...(asset ? { sourceDataAddress: asset.dataAddress } : {}) },
          ...(row.dataAddress ? { dataAddress: toDpsAddress(row.dataAddress) } : {}),
        }),
      );
      return started(plane, response);
    },
    async suspend(row) {
      const plane = await required(row);
      await signal(plane, 'refused to suspend the data flow', () => plane.signaling.suspend(row.id, { messageId: messageIdOf(row, 'suspend'), ...reason(row) }));
    },
    async resume(row) {
      const plane = await required(row);
      const response = await signal(plane, 'refused to resume the data flow', () =>
        plane.signaling.resume(row.id, { messageId: messageIdOf(row, 'resume'), ...(row.dataAddress ? { dataAddress: toDpsAddress(row.dataAddress) } : {}) }),
      );
      return started(plane, response);
    },
    async complete(row) {
      const plane = await required(row);
      await signal(plane, 'refused to complete the data flow', () => plane.signaling.completed(row.id, { messageId: messageIdOf(row, 'completed') }));
    },
    async terminate(row) {
      const plane = await planeOf(row);
      if (!plane) return;
      try {
        await plane.signaling.terminate(row.id, { messageId: messageIdOf(row, 'terminate'), ...reason(row) });
      } catch (error) {
        // Nothing to stop: the flow never started (404), or it ended already (409: completed, or refused at start).
        if (error instanceof ProblemError && (error.status === 404 || (error.status === 409 && !isRetryableSignal(error)))) return;
        throw new DataFlowError(`data plane ${plane.info.id} refused to terminate the data flow: ${error instanceof Error ? error.message : String(error)}`, { retryable: isRetryableSignal(error), cause: error });
      }
    },
  };
}

function reason(row: Row): { reason?: string } {
  return row.errorDetail ? { reason: row.errorDetail } : {};
}
