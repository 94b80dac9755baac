import type { DspJsonLd } from '@tdss/json-ld';
import type { Database, Logger } from '@tdss/sdk';
import type { StateMachine } from '@tdss/state-machine';
import type { ParticipantContext, ParticipantContexts } from '../tokens.ts';
import type { ContractNegotiationRow } from './contract-negotiation.ts';
import type { DecisionChain } from './create-decision-chain.ts';
import type { OutcomeContext } from './decision-outcome.ts';
import type { ProviderServices } from './negotiation-services.ts';

/** What the DSP endpoints, the management service and the processors of negotiations share. */
export interface NegotiationRuntime {
  db: () => Database;
  /** Created when the plugin starts. */
  machine: () => StateMachine<ContractNegotiationRow>;
  dsp: DspJsonLd;
  contexts: () => ParticipantContexts;
  decisions: DecisionChain;
  provider: ProviderServices;
  outcomeContext(participant: ParticipantContext): OutcomeContext;
  /** Our DSP base for a participant context: the callback address we give counterparties. */
  callbackAddress(participantContextId: string): string;
  logger: Logger;
}
