/** Test support: a DPS start message from the test provider to the test consumer. */
import { randomUUID } from 'node:crypto';

export function startMessage(processId: string, profile: string, messageId: string = randomUUID()) {
  return {
    messageId,
    participantId: 'did:web:provider.example',
    counterPartyId: 'did:web:consumer.example',
    dataspaceContext: 'test',
    processId,
    agreementId: 'agreement-1',
    datasetId: 'orders',
    profile,
    claims: {},
  };
}
