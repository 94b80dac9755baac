/**
 * What a participant does with the transfer messages of its counterparties: a provider accepts
 * TransferRequestMessages; either side takes start, suspension, completion and termination
 * messages about its own processes. Only the counterparty of a process reaches it: any other
 * caller, and any other participant context's process, is a 404.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { TransferRequestMessage } from '@tdss/json-ld';
import type { PolicyEngine } from '@tdss/policy-engine';
import { type Database, type Logger, ProblemError, problems, type VerifiedCounterparty } from '@tdss/sdk';
import type { StateMachine } from '@tdss/state-machine';
import { policyContextOf } from '../protocol/policy-context.ts';
import { checkCounterpartyPid, checkPathPid, newProcessPid } from '../protocol/process-pid.ts';
import type { ProcessPids } from '../protocol/process-error-body.ts';
import type { ParticipantContext } from '../tokens.ts';
import { checkHttpUrl, checkLength } from './check-transfer-input.ts';
import type { DataPlaneRegistry } from '../data-plane/data-plane-registry.ts';
import type { TransferAgreement, TransferAgreements } from './transfer-agreements.ts';
import { pidsOf } from './transfer-messages.ts';
import { MAX_ERROR_DETAIL, toTransferProcess, TransferProcessEntity, type TransferProcessRow } from './transfer-process.ts';
import type { TransferStartGuard } from './transfer-process-tokens.ts';
import { dspStateOf, type TransferProcessState } from './transfer-states.ts';
import { decideIncoming, type IncomingMessage } from './transfer-transitions.ts';
import { type Transitioned, startTransitioned } from './transition-transfer-process.ts';

/** A counterparty's message about one of our processes, as read from the binding. */
export interface ProcessMessage {
  '@type': IncomingMessage;
  providerPid: string;
  consumerPid: string;
  dataAddress?: TransferProcessRow['dataAddress'];
  code?: string;
  reason?: unknown[];
}

export interface TransferProtocol {
  /** Provider: the process a TransferRequestMessage created, or the one an earlier copy of it created. */
  request(participant: ParticipantContext, counterparty: VerifiedCounterparty, message: TransferRequestMessage): Promise<{ row: TransferProcessRow; created: boolean }>;
  /** A start, suspension, completion or termination of our process `pid`; `named` learns the process's pids once it is known to be the caller's. */
  receive(participant: ParticipantContext, counterparty: VerifiedCounterparty, pid: string, message: ProcessMessage, named: (pids: ProcessPids) => void): Promise<TransferProcessRow>;
  get(participant: ParticipantContext, counterparty: VerifiedCounterparty, pid: string): Promise<TransferProcessRow>;
}

export interface TransferProtocolOptions {
  db: () => Database;
  machine: () => StateMachine<TransferProcessRow>;
  agreements: () => TransferAgreements;
  /** The data planes a transfer's flow is given to. */
  dataPlanes: () => DataPlaneRegistry;
  guards: () => readonly TransferStartGuard[];
  engine: () => PolicyEngine;
  logger: Logger;
}

/** Rounds of judging again when the process moved between reading it and applying the message. */
const ROUNDS = 3;

const RECEIVED: Readonly<Record<IncomingMessage, string>> = {
  TransferStartMessage: 'started',
  TransferSuspensionMessage: 'suspended',
  TransferCompletionMessage: 'completed',
  TransferTerminationMessage: 'terminated',
};

export function createTransferProtocol(options: TransferProtocolOptions): TransferProtocol {
  const { db, machine } = options;
  const notFound = (pid: string) => problems.notFound(`transfer process ${JSON.stringify(pid)} does not exist`);

  /** The same answer for an unknown agreement and another pair's: nothing tells a caller which agreements exist. */
  const agreementOf = async (participant: ParticipantContext, counterparty: VerifiedCounterparty, agreementId: string): Promise<TransferAgreement> => {
    const agreement = await options.agreements().find(participant.id, agreementId);
    if (!agreement || agreement.providerId !== participant.participantId || agreement.consumerId !== counterparty.participantId) {
      throw problems.notFound(`agreementId: there is no agreement ${JSON.stringify(agreementId)} between you and this provider`);
    }
    return agreement;
  };

  /** "May a transfer under this agreement start or go on", asked with the counterparty's verified claims. */
  const checkPolicy = (agreement: TransferAgreement, counterparty: VerifiedCounterparty) => {
    const decision = options.engine().evaluate(agreement.policy, { scope: 'transfer.process', context: policyContextOf(counterparty) });
    if (!decision.permitted) throw new ProblemError(403, decision.explain({ audience: 'counterparty' }), { type: 'policy-denied' });
  };

  const findExisting = (participant: ParticipantContext, counterparty: VerifiedCounterparty, consumerPid: string) =>
    machine().find({ tenantId: participant.id, role: 'PROVIDER', counterpartyId: counterparty.participantId, correlationPid: consumerPid });

  return {
    async request(participant, counterparty, message) {
      checkCounterpartyPid('consumerPid', message.consumerPid);
      // "Providers SHOULD implement idempotent behavior … based on the value of consumerPid."
      const existing = await findExisting(participant, counterparty, message.consumerPid);
      if (existing) return { row: existing, created: false };
      checkHttpUrl('callbackAddress', message.callbackAddress);
      checkLength('agreementId', message.agreementId);
      const agreement = await agreementOf(participant, counterparty, message.agreementId);
      const plane = await options.dataPlanes().select(message.format, participant.id);
      if (!plane) {
        const served = await options.dataPlanes().profiles(participant.id);
        throw problems.badRequest(`format: transfer type not supported: ${JSON.stringify(message.format)}; this provider serves ${served.length ? served.join(', ') : 'none'}`);
      }
      const flow = plane.flowOf(message.format);
      if (flow === 'PUSH' && !message.dataAddress) throw problems.badRequest(`dataAddress: required for the push transfer type ${message.format}`);
      // "The dataAddress property MUST only be provided if the format REQUIRES a push transfer."
      if (flow === 'PULL' && message.dataAddress) throw problems.badRequest(`dataAddress: ${message.format} is a pull transfer type, which takes no dataAddress`);
      checkPolicy(agreement, counterparty);

      const row = {
        id: newProcessPid(),
        tenantId: participant.id,
        role: 'PROVIDER' as const,
        correlationPid: message.consumerPid,
        counterpartyId: counterparty.participantId,
        counterpartyAddress: message.callbackAddress,
        agreementId: agreement.id,
        assetId: agreement.assetId,
        transferType: message.format,
        dataAddress: message.dataAddress ?? null,
        dataPlaneId: plane.info.id,
        errorDetail: null,
        createdAt: new Date(),
      };
      const held = await holds(options.guards(), { ...row, ...machine().initial('REQUESTED') });
      let inserted: Transitioned;
      try {
        // One statement, which leases a process that starts at once to this instance.
        inserted = await machine().insert(db().em(), row, held ? 'REQUESTED' : 'STARTING', { claim: true });
      } catch (error) {
        // The same request arrived twice at once: the other copy created the process.
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        const winner = await findExisting(participant, counterparty, message.consumerPid);
        if (!winner) throw error;
        return { row: winner, created: false };
      }
      if (!held) startTransitioned(machine(), inserted);
      else options.logger.info({ transferProcess: row.id, agreement: agreement.id }, 'transfer request held in REQUESTED by a start guard');
      return { row: inserted.row, created: true };
    },

    async receive(participant, counterparty, pid, message, named) {
      const type = message['@type'];
      // Read, judge, then one conditional statement from the state judged: a process that moved
      // meanwhile (its own processor, another message) is judged again where it is now.
      for (let round = 0; round < ROUNDS; round++) {
        const row = await machine().find({ id: pid, tenantId: participant.id });
        if (!row || row.counterpartyId !== counterparty.participantId) throw notFound(pid);
        named(pidsOf(row));
        const [ours, theirs] = row.role === 'PROVIDER' ? (['providerPid', 'consumerPid'] as const) : (['consumerPid', 'providerPid'] as const);
        checkPathPid(ours, message[ours], row.id);
        if (row.correlationPid && message[theirs] !== row.correlationPid) {
          throw problems.badRequest(`${theirs}: ${JSON.stringify(message[theirs])} is not the counterparty's pid of transfer process ${row.id}`);
        }
        // A consumer resuming must still be allowed to transfer (the process's agreement never changes).
        if (type === 'TransferStartMessage' && row.role === 'PROVIDER') checkPolicy(await agreementOf(participant, counterparty, row.agreementId), counterparty);
        const state = row.state as TransferProcessState;
        const decision = decideIncoming(row.role, state, type);
        if (decision.kind === 'refused') {
          throw new ProblemError(400, `transfer process ${row.id} is ${dspStateOf(state)}: it cannot be ${RECEIVED[type]} from there`, { type: 'transition-refused' });
        }
        // A repeated start of a pull transfer may carry a fresh address (the provider resumed): keep it.
        if (decision.kind === 'duplicate') {
          if (type === 'TransferStartMessage' && row.role === 'CONSUMER' && message.dataAddress) {
            await db().em().nativeUpdate(TransferProcessEntity, { id: row.id, state: row.state }, { dataAddress: message.dataAddress });
          }
          return row;
        }
        const result = await machine().apply(db().em(), { id: row.id, tenantId: row.tenantId, from: [row.state], to: decision.to, changes: changesOf(row, message), claim: true });
        if (result.result === 'applied') {
          startTransitioned(machine(), result);
          return result.row;
        }
        if (result.result === 'not-found') throw notFound(pid);
      }
      throw problems.conflict(`transfer process ${pid} kept changing while the message was applied; send it again`);
    },

    async get(participant, counterparty, pid) {
      const row = await machine().find({ id: pid, tenantId: participant.id });
      if (!row || row.counterpartyId !== counterparty.participantId) throw notFound(pid);
      return row;
    },
  };
}

async function holds(guards: readonly TransferStartGuard[], row: TransferProcessRow): Promise<boolean> {
  const process = toTransferProcess(row);
  for (const guard of guards) if (await guard.hold(process)) return true;
  return false;
}

/** What the counterparty's message adds to the process besides its state. */
function changesOf(row: TransferProcessRow, message: ProcessMessage) {
  // The provider's first message may overtake its answer to our request: it names the providerPid too.
  const correlation = row.correlationPid ? {} : { correlationPid: checkCounterpartyPid('providerPid', message.providerPid) };
  if (message['@type'] === 'TransferStartMessage') {
    return { ...correlation, ...(message.dataAddress ? { dataAddress: message.dataAddress } : {}), errorDetail: null };
  }
  if (message['@type'] === 'TransferSuspensionMessage' || message['@type'] === 'TransferTerminationMessage') {
    const reasons = [...(message.code ? [`code ${message.code}`] : []), ...(message.reason ?? []).map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))];
    return { ...correlation, errorDetail: `${RECEIVED[message['@type']]} by the counterparty${reasons.length ? `: ${reasons.join('; ')}` : ''}`.slice(0, MAX_ERROR_DETAIL) };
  }
  return correlation;
}
