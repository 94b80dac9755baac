/**
 * What the connector under test does in each TP (provider) and TP_C (consumer) scenario of the DSP
 * kit, keyed by the agreement the test transfers under. A step waits until the process has
 * settled in a DSP state (no message of ours on its way) and then takes one decision there.
 *
 * The provider holds every request of the kit (start guard) and starts it as a step: started at
 * once, our TransferStartMessage can reach the kit before it has handled our answer to its
 * request, and the kit then never reaches STARTED (TP:02-03, TP:03-04 failed now and then).
 */
import type { TransferState } from '@tdss/json-ld';

export type TransferAction = 'start' | 'terminate' | 'complete' | 'suspend' | 'resume';

export interface TransferStep {
  readonly in: TransferState;
  readonly do: TransferAction;
}

export interface TransferScript {
  readonly steps: readonly TransferStep[];
}

const step = (state: TransferState, action: TransferAction): TransferStep => ({ in: state, do: action });

const started = (...then: TransferStep[]): TransferScript => ({ steps: [step('REQUESTED', 'start'), ...then] });
/** The kit moves on its own; the process stays REQUESTED until it does. */
const held: TransferScript = { steps: [] };

export const PROVIDER_TRANSFER_SCRIPTS: Readonly<Record<string, TransferScript>> = {
  ATP0101: started(step('STARTED', 'terminate')),
  ATP0102: started(step('STARTED', 'complete')),
  ATP0103: started(step('STARTED', 'suspend'), step('SUSPENDED', 'terminate')),
  ATP0104: started(step('STARTED', 'suspend'), step('SUSPENDED', 'resume'), step('STARTED', 'complete')),
  ATP0105: { steps: [step('REQUESTED', 'terminate')] },
  ATP0201: started(),
  ATP0202: started(),
  ATP0203: started(),
  // TP:02-04 is disabled in the kit.
  ATP0204: started(),
  ATP0205: held,
  ATP0301: held,
  ATP0302: held,
  ATP0303: started(),
  ATP0304: started(),
  ATP0305: started(),
  ATP0306: started(),
};

export const CONSUMER_TRANSFER_SCRIPTS: Readonly<Record<string, TransferScript>> = {
  ATPC0201: { steps: [step('STARTED', 'terminate')] },
  ATPC0202: { steps: [step('STARTED', 'complete')] },
  ATPC0203: { steps: [step('STARTED', 'suspend'), step('SUSPENDED', 'terminate')] },
  ATPC0205: { steps: [step('REQUESTED', 'terminate')] },
};

/** Agreements without a script leave every move to the kit. */
export function transferScriptOf(scripts: Readonly<Record<string, TransferScript>>, agreementId: string): TransferScript {
  return Object.hasOwn(scripts, agreementId) ? scripts[agreementId]! : { steps: [] };
}
