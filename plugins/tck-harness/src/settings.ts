import { type Static, Type } from '@tdss/sdk';

export const TckHarnessSettings = Type.Object({
  participantContextId: Type.String({ minLength: 1, default: 'tck', description: 'Participant context created for the kit; its DSP base is `<protocol>/<id>/2025-1`.' }),
  participantId: Type.String({ minLength: 1, default: 'urn:tdss:tck-cut', description: 'Participant id of that context (the kit setting `dataspacetck.dsp.connector.agent.id`).' }),
  counterpartyId: Type.String({ minLength: 1, default: 'TCK_PARTICIPANT', description: "The kit's participant id: assigner of the agreements it makes, consumer of the seeded provider agreements." }),
  stepDelayMs: Type.Integer({ minimum: 0, default: 200, description: "Pause before each of the connector's own transfer steps (terminate, complete, suspend, resume), as the kit's own connector pauses." }),
  stepTimeoutMs: Type.Integer({ minimum: 100, default: 30_000, description: 'How long a scripted transfer step waits for the state it acts in before giving up (logged).' }),
});

export type TckHarnessSettings = Static<typeof TckHarnessSettings>;
