/** What the crash test and its child process agree on. */
import type { Agreement } from '@tdss/json-ld';
import { agreement, FAST_TRANSFERS } from './transfer-test-kit.ts';

export const CRASH = {
  provider: { context: 'acme', participantId: 'did:web:acme.example' },
  consumer: { context: 'globex', participantId: 'did:web:globex.example' },
  agreementId: 'urn:uuid:crash-agreement',
  /** A short lease, so that the restarted provider takes over the killed one's row quickly. */
  transferProcess: { ...FAST_TRANSFERS, stateMachine: { ...FAST_TRANSFERS.stateMachine, leaseMs: 1_500 } },
};

export function crashAgreement(): Agreement {
  return agreement(CRASH.agreementId, CRASH.provider.participantId, CRASH.consumer.participantId, 'acme-data');
}
