/**
 * What the connector under test does in each CN (provider) and CN_C (consumer) scenario of the DSP
 * kit, keyed by the dataset the test negotiates. Points not named fall to the control plane's
 * defaults (provider: wait in OFFERED; consumer: wait in REQUESTED).
 *
 * Every move other than waiting is taken later, not in the decision itself: decided at once, our
 * message can reach the kit before it has handled our answer to its own message (its state is
 * not there yet, or it does not expect the message yet), which the kit takes as a failure. The
 * kit's own connector pauses between its moves for the same reason (without this CN:02-05 and
 * CN_C:02-02 failed on every run, CN:02-01 now and then).
 */
import { createScriptedDecider, type DecisionSituation, type NegotiationDecider, type NegotiationDecision, type NegotiationScript } from '@tdss/control-plane';

/** Schedules `decision` for later (run-negotiation-step.ts) and answers what to do now: wait. */
export type Later = (situation: DecisionSituation, decision: NegotiationDecision) => NegotiationDecision;

const offer = { kind: 'offer' } as const;
const agree = { kind: 'agree' } as const;
const terminate = { kind: 'terminate', reason: 'terminated by the conformance script' } as const;
const wait = { kind: 'wait' } as const;
const accept = { kind: 'accept' } as const;
const verify = { kind: 'verify' } as const;
const finalize = { kind: 'finalize' } as const;

/** The connector offers on the first request and answers a counter-offer with `then`. */
const offerFirst = (then: typeof terminate | typeof wait): NegotiationScript['REQUESTED'] => (s) => (s.initial ? offer : then);

export const PROVIDER_SCRIPTS: Readonly<Record<string, NegotiationScript>> = {
  ACN0101: { REQUESTED: offer },
  ACN0102: { REQUESTED: offerFirst(terminate) },
  ACN0103: { REQUESTED: offer, ACCEPTED: agree, VERIFIED: finalize },
  ACN0104: { REQUESTED: agree, VERIFIED: finalize },
  ACN0201: { REQUESTED: terminate },
  ACN0202: { REQUESTED: wait },
  ACN0203: { REQUESTED: agree },
  ACN0204: { REQUESTED: offer },
  ACN0205: { REQUESTED: offer, OFFERED: terminate },
  ACN0206: { REQUESTED: offer, ACCEPTED: terminate },
  ACN0207: { REQUESTED: agree, VERIFIED: terminate },
  ACN0301: { REQUESTED: agree, VERIFIED: finalize },
  ACN0302: { REQUESTED: offer },
  ACN0303: { REQUESTED: offer, ACCEPTED: wait },
  ACN0304: { REQUESTED: offerFirst(wait) },
};

export const CONSUMER_SCRIPTS: Readonly<Record<string, NegotiationScript>> = {
  ACNC0101: { OFFERED: accept, AGREED: verify },
  ACNC0102: { OFFERED: { kind: 'request' } },
  ACNC0103: { OFFERED: terminate },
  ACNC0104: { AGREED: verify },
  ACNC0201: { REQUESTED: wait },
  ACNC0202: { REQUESTED: terminate },
  ACNC0203: { AGREED: terminate },
  ACNC0204: { OFFERED: wait },
  ACNC0205: { OFFERED: accept },
  ACNC0206: { AGREED: verify },
  ACNC0301: { REQUESTED: wait },
  ACNC0302: { OFFERED: wait },
  ACNC0303: { OFFERED: wait },
  ACNC0304: { OFFERED: accept },
  ACNC0305: { OFFERED: accept },
  ACNC0306: { OFFERED: accept, AGREED: wait },
};

export function createTckDeciders(later: Later): NegotiationDecider[] {
  return [
    createScriptedDecider('tck-harness provider', 'PROVIDER', deferMoves(PROVIDER_SCRIPTS, later)),
    createScriptedDecider('tck-harness consumer', 'CONSUMER', deferMoves(CONSUMER_SCRIPTS, later)),
  ];
}

/** The same scripts, with every decision but `wait` handed to `later`. */
export function deferMoves(scripts: Readonly<Record<string, NegotiationScript>>, later: Later): Record<string, NegotiationScript> {
  const defer = (script: NegotiationScript): NegotiationScript =>
    Object.fromEntries(
      Object.entries(script).map(([point, step]) => [
        point,
        (situation: DecisionSituation) => {
          const decision = typeof step === 'function' ? step(situation) : step;
          return decision === undefined || decision.kind === 'wait' ? decision : later(situation, decision);
        },
      ]),
    );
  return Object.fromEntries(Object.entries(scripts).map(([id, script]) => [id, defer(script)]));
}
