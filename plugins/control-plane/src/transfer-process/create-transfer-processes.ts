/**
 * The TransferProcesses service: a consumer's requests, reading processes, and the decisions our
 * side may make (start, suspend, resume, complete, terminate). Each decision is a transition
 * written with the row locked; its work (data flow, message) follows through the state machine
 * once the transaction has committed.
 */
import { type Database, ProblemError, problems } from '@tdss/sdk';
import type { StateMachine } from '@tdss/state-machine';
import { newProcessPid } from '../protocol/process-pid.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { findTransferProcessForUpdate } from './find-transfer-process.ts';
import { checkDataAddress, checkHttpUrl, checkLength } from './check-transfer-input.ts';
import type { TransferAgreements } from './transfer-agreements.ts';
import { TRANSFER_ROLES, toTransferProcess, TransferProcessEntity, type TransferProcess, type TransferProcessRow } from './transfer-process.ts';
import type { TransferProcesses, TransferProcessFilters } from './transfer-process-tokens.ts';
import { TRANSFER_PROCESS_STATES, type TransferProcessState } from './transfer-states.ts';
import { decideAction, type TransferAction } from './transfer-transitions.ts';
import { startTransitioned, transitionTransferProcess } from './transition-transfer-process.ts';

export interface TransferProcessesOptions {
  db: () => Database;
  machine: () => StateMachine<TransferProcessRow>;
  contexts: () => ParticipantContexts;
  agreements: () => TransferAgreements;
}

const PAST: Readonly<Record<TransferAction, string>> = {
  start: 'started',
  suspend: 'suspended',
  resume: 'resumed',
  complete: 'completed',
  terminate: 'terminated',
};

export function createTransferProcesses(options: TransferProcessesOptions): TransferProcesses {
  const { db, machine } = options;
  const notFound = (id: string) => problems.notFound(`transfer process ${JSON.stringify(id)} does not exist`);

  const decide = async (participantContextId: string, id: string, action: TransferAction, reason?: string): Promise<TransferProcess> => {
    await options.contexts().get(participantContextId);
    const outcome = await db().transactional(async (em) => {
      const row = await findTransferProcessForUpdate(db(), em, participantContextId, id);
      if (!row) throw notFound(id);
      const decision = decideAction(row.role, row.state as TransferProcessState, action);
      if (decision.kind === 'wrong-role') throw problems.conflict(`transfer process ${id} is the ${row.role.toLowerCase()}'s: only a provider starts a transfer (a consumer resumes one)`);
      if (decision.kind === 'refused') throw problems.conflict(`transfer process ${id} is ${row.state}: it cannot be ${PAST[action]} now`);
      if (decision.kind === 'duplicate') return { row, due: false };
      const changes = action === 'suspend' || action === 'terminate' ? { errorDetail: reason ?? null } : {};
      return transitionTransferProcess(machine(), em, row, decision.to, changes);
    });
    startTransitioned(machine(), outcome);
    return toTransferProcess(outcome.row);
  };

  return {
    async request(participantContextId, input) {
      const participant = await options.contexts().get(participantContextId);
      if (participant.state !== 'ACTIVATED') {
        throw problems.conflict(`participant context ${participantContextId} is deactivated: activate it before it requests transfers`);
      }
      checkHttpUrl('counterpartyAddress', input.counterpartyAddress);
      checkLength('agreementId', input.agreementId);
      checkLength('transferType', input.transferType);
      if (input.dataDestination) checkDataAddress('dataDestination', input.dataDestination);
      const agreement = await options.agreements().find(participantContextId, input.agreementId);
      if (!agreement || agreement.consumerId !== participant.participantId) {
        throw problems.badRequest(`agreementId: participant context ${participantContextId} holds no agreement ${JSON.stringify(input.agreementId)} as its consumer`);
      }
      if (input.counterpartyId !== undefined && input.counterpartyId !== agreement.providerId) {
        throw problems.badRequest(`counterpartyId: ${JSON.stringify(input.counterpartyId)} is not the provider of agreement ${JSON.stringify(agreement.id)}`);
      }
      // One statement, which leases the row to this instance: its request goes out at once.
      const created = await machine().insert(
        db().em(),
        {
          id: newProcessPid(),
          tenantId: participantContextId,
          role: 'CONSUMER',
          correlationPid: null,
          counterpartyId: agreement.providerId,
          counterpartyAddress: input.counterpartyAddress,
          agreementId: agreement.id,
          assetId: agreement.assetId,
          transferType: input.transferType,
          dataAddress: input.dataDestination ?? null,
          dataPlaneId: null,
          errorDetail: null,
          createdAt: new Date(),
        },
        'REQUESTING',
        { claim: true },
      );
      startTransitioned(machine(), created);
      return toTransferProcess(created.row);
    },

    async get(participantContextId, id) {
      await options.contexts().get(participantContextId);
      const row = await db().tenantRepository(TransferProcessEntity, participantContextId).findOne({ id });
      if (!row) throw notFound(id);
      return toTransferProcess(row);
    },

    async list(participantContextId, { offset, limit, filters }) {
      await options.contexts().get(participantContextId);
      const page = await db()
        .tenantRepository(TransferProcessEntity, participantContextId)
        .find(checkFilters(filters), { offset, limit, orderBy: { createdAt: 'asc' } });
      return { ...page, items: page.items.map(toTransferProcess) };
    },

    start: (participantContextId, id) => decide(participantContextId, id, 'start'),
    suspend: (participantContextId, id, reason) => decide(participantContextId, id, 'suspend', reason),
    resume: (participantContextId, id) => decide(participantContextId, id, 'resume'),
    complete: (participantContextId, id) => decide(participantContextId, id, 'complete'),
    terminate: (participantContextId, id, reason) => decide(participantContextId, id, 'terminate', reason),
  };
}

function checkFilters(filters: TransferProcessFilters): TransferProcessFilters {
  const issues: string[] = [];
  if (filters.state !== undefined && !(TRANSFER_PROCESS_STATES as readonly string[]).includes(filters.state)) {
    issues.push(`state: must be one of ${TRANSFER_PROCESS_STATES.join(', ')}`);
  }
  if (filters.role !== undefined && !(TRANSFER_ROLES as readonly string[]).includes(filters.role)) issues.push(`role: must be one of ${TRANSFER_ROLES.join(', ')}`);
  if (issues.length) throw new ProblemError(400, issues.join('; '), { type: 'invalid-query', title: 'Invalid query parameters' });
  return filters;
}
