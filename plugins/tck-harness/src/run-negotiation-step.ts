/**
 * A negotiation decision taken later, through `ContractNegotiations.act`: once the negotiation
 * rests in `point` and after a pause. Used where the connector acts on a state its own message led
 * to: decided at once, its next message would overtake the kit, which expects it only after it
 * has seen that state (as the kit's own connector, which pauses between moves).
 */
import type { ContractNegotiations, NegotiationDecision } from '@tdss/control-plane';
import type { Logger } from '@tdss/sdk';
import type { ScriptTiming } from './run-transfer-script.ts';
import { sleep, waitForState } from './wait-for-state.ts';

export async function runNegotiationStep(negotiations: ContractNegotiations, participantContextId: string, negotiationId: string, point: string, decision: NegotiationDecision, timing: ScriptTiming, logger: Logger): Promise<void> {
  try {
    await waitForState(() => negotiations.get(participantContextId, negotiationId), point, `negotiation ${negotiationId}`, timing);
    await sleep(timing.stepDelayMs);
    await negotiations.act(participantContextId, negotiationId, decision);
  } catch (error) {
    logger.warn({ err: error, negotiationId }, 'tck-harness: a scripted negotiation step failed; the kit test of this dataset will fail');
  }
}
