/**
 * The work of each pending state (see transfer-states.ts): the provider applies a decision to its
 * data flow, then the message that tells the counterparty is sent, then the DSP state is entered.
 * Every step may run again after a crash (the state machine is at-least-once for side effects):
 * DSP messages are idempotent for the counterparty, and DPS messages carry the same message id
 * on every copy, so the data plane answers a repeat as it did the first (data-flow-signals.ts).
 *
 * Failures that trying again cannot help (the counterparty refused the message with a 4xx, the
 * data plane did) end the transfer at once; others are retried with back-off, and once the
 * attempts are used up the transfer ends too (`endTransfer`). Ending means TERMINATING — the
 * provider stops its flow, the counterparty is told — unless the process is terminating already
 * or never reached the counterparty, which end in TERMINATED.
 */
import type { DspJsonLd, DspMessageBody, DspMessageType } from '@tdss/json-ld';
import type { ExhaustedHandler, Outcome, Processor, Step } from '@tdss/state-machine';
import { type DspClient, DspCallError } from '../protocol/dsp-client.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { DataFlowError } from '../data-plane/data-flow-error.ts';
import type { DataFlowSignals, DataFlowStarted } from '../data-plane/data-flow-signals.ts';
import { MAX_ERROR_DETAIL, type TransferProcessRow } from './transfer-process.ts';
import { type ProcessEndpoint, pidsOf, processUrl, reasonOf, requestUrl } from './transfer-messages.ts';
import type { TransferProcessState } from './transfer-states.ts';

type Message = Parameters<DspJsonLd['write']>[0];

/** A message of one type, as the DSP client takes any. */
function message<T extends DspMessageType>(body: DspMessageBody<T> & { '@type': T }): Message {
  return body as Message;
}
type Row = Readonly<TransferProcessRow>;

export interface TransferProcessorsOptions {
  contexts: () => ParticipantContexts;
  dsp: DspClient;
  /** DPS messages to the data plane that holds a provider's flow. */
  flows: DataFlowSignals;
  /** Our participant's DSP base, where the provider sends its callbacks. */
  callbackAddress(participantContextId: string): string;
}

export function createTransferProcessors(options: TransferProcessorsOptions): Record<string, Processor<TransferProcessRow>> {
  const send = async (row: Row, url: string, message: Message) => {
    const participant = await options.contexts().get(row.tenantId);
    return options.dsp.send({ participantContextId: row.tenantId, participantId: participant.participantId, counterpartyId: row.counterpartyId, url, message });
  };
  const notify = (row: Row, endpoint: ProcessEndpoint, message: Message) => send(row, processUrl(row, endpoint), message);

  /** The provider's data flow; a consumer has none here. */
  const flowOf = (row: Row): DataFlowSignals | undefined => (row.role === 'PROVIDER' ? options.flows : undefined);

  const step = (work: (row: Row, step: Step<TransferProcessRow>) => Promise<Outcome<TransferProcessRow>>): Processor<TransferProcessRow> =>
    async (row, s) => {
      try {
        return await work(row, s);
      } catch (error) {
        if (isRetryable(error)) throw error;
        return endTransfer(row, s, describeFailure(error));
      }
    };

  const startMessage = (row: Row, started: DataFlowStarted | undefined) =>
    message({ '@type': 'TransferStartMessage', ...pidsOf(row), ...(started?.dataAddress ? { dataAddress: started.dataAddress } : {}) });

  return {
    REQUESTING: step(async (row, s) => {
      const response = await send(
        row,
        requestUrl(row.counterpartyAddress),
        message({
          '@type': 'TransferRequestMessage',
          consumerPid: row.id,
          agreementId: row.agreementId,
          format: row.transferType,
          callbackAddress: options.callbackAddress(row.tenantId),
          ...(row.dataAddress ? { dataAddress: row.dataAddress } : {}),
        }),
      );
      const providerPid = response.body?.['@type'] === 'TransferProcess' ? response.body.providerPid : undefined;
      if (typeof providerPid !== 'string' || providerPid.length === 0) {
        return s.transition('TERMINATED', { errorDetail: 'the provider acknowledged the transfer request without a TransferProcess naming its providerPid' });
      }
      return s.transition('REQUESTED', { correlationPid: providerPid });
    }),
    STARTING: step(async (row, s) => {
      const started = await flowOf(row)?.start(row);
      await notify(row, 'start', startMessage(row, started));
      return s.transition('STARTED');
    }),
    RESUMING: step(async (row, s) => {
      const started = await flowOf(row)?.resume(row);
      await notify(row, 'start', startMessage(row, started));
      return s.transition('STARTED', { errorDetail: null });
    }),
    SUSPENDING: step(async (row, s) => {
      await flowOf(row)?.suspend(row);
      await notify(row, 'suspension', message({ '@type': 'TransferSuspensionMessage', ...pidsOf(row), ...reasonOf(row) }));
      return s.transition('SUSPENDED');
    }),
    COMPLETING: step(async (row, s) => {
      await flowOf(row)?.complete(row);
      await notify(row, 'completion', message({ '@type': 'TransferCompletionMessage', ...pidsOf(row) }));
      return s.transition('COMPLETED');
    }),
    TERMINATING: step(async (row, s) => {
      // A provider whose data plane is gone has no flow left to stop.
      await flowOf(row)?.terminate(row);
      // A consumer that terminates before the provider answered its request has nobody to tell.
      if (row.correlationPid) await notify(row, 'termination', message({ '@type': 'TransferTerminationMessage', ...pidsOf(row), ...reasonOf(row) }));
      return s.transition('TERMINATED');
    }),
    START_RECEIVED: step(async (row, s) => {
      const started = await flowOf(row)?.resume(row);
      // The consumer resumed, so it is STARTED already; a pull address it needs comes with a start message.
      if (started?.dataAddress) await notify(row, 'start', startMessage(row, started));
      return s.transition('STARTED', { errorDetail: null });
    }),
    SUSPENSION_RECEIVED: step(async (row, s) => {
      await flowOf(row)?.suspend(row);
      return s.transition('SUSPENDED');
    }),
    COMPLETION_RECEIVED: step(async (row, s) => {
      await flowOf(row)?.complete(row);
      return s.transition('COMPLETED');
    }),
    TERMINATION_RECEIVED: step(async (row, s) => {
      await flowOf(row)?.terminate(row);
      return s.transition('TERMINATED');
    }),
  };
}

/** Attempts used up: the transfer ends with the last failure as its reason. */
export const onTransferRetriesExhausted: ExhaustedHandler<TransferProcessRow> = (row, error, step) =>
  endTransfer(row, step, `gave up after ${step.attempt} attempts in ${row.state}: ${describeFailure(error)}`);

/** States from which a failure ends in TERMINATED directly: there is no flow to stop or nobody to tell. */
const ENDS_AT_ONCE: readonly string[] = ['REQUESTING', 'TERMINATING', 'TERMINATION_RECEIVED'] satisfies TransferProcessState[];

function endTransfer(row: Row, step: Pick<Step<TransferProcessRow>, 'transition'>, detail: string): Outcome<TransferProcessRow> {
  return step.transition(ENDS_AT_ONCE.includes(row.state) ? 'TERMINATED' : 'TERMINATING', { errorDetail: detail.slice(0, MAX_ERROR_DETAIL) });
}

function isRetryable(error: unknown): boolean {
  if (error instanceof DspCallError || error instanceof DataFlowError) return error.retryable;
  return true;
}

/** One line: what failed, and the counterparty's own reasons when its TransferError gave some. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof DspCallError)) return message;
  const reason = (error.body as { reason?: unknown } | undefined)?.reason;
  return Array.isArray(reason) && reason.length > 0 ? `${message}: ${reason.map(String).join('; ')}` : message;
}
