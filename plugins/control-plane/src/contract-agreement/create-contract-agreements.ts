import { validateDsp, type Agreement } from '@tdss/json-ld';
import { type Database, type Page, problems } from '@tdss/sdk';
import { mapRow, resolveEntityTable } from '@tdss/state-machine';
import { type ContractAgreement, ContractAgreementEntity, toContractAgreement } from './contract-agreement.ts';
import { recordAgreement } from './record-agreement.ts';
import { ContractNegotiationEntity } from '../contract-negotiation/contract-negotiation.ts';

export const AGREEMENT_FILTERS = ['assetId', 'providerId', 'consumerId', 'negotiationId'] as const;
export type AgreementFilter = (typeof AGREEMENT_FILTERS)[number];

export interface AgreementQuery {
  offset: number;
  limit: number;
  filters: Partial<Record<AgreementFilter, string>>;
}

/** The agreements of participant contexts, for the management API and the transfer process. */
export interface ContractAgreements {
  /** 404 problem when the participant context has no such agreement in force (its negotiation FINALIZING or FINALIZED). */
  get(participantContextId: string, id: string): Promise<ContractAgreement>;
  /** A page of a participant context's agreements, oldest first, matching every filter given. */
  list(participantContextId: string, query: AgreementQuery): Promise<Page<ContractAgreement>>;
  /**
   * Records an agreement concluded elsewhere (a conformance kit seeds its transfer tests this way);
   * 400 for an invalid agreement, 409 when the id is taken in this participant context.
   */
  create(participantContextId: string, agreement: Agreement): Promise<ContractAgreement>;
}

const AGREEMENTS = ContractAgreementEntity.meta.tableName;
const NEGOTIATIONS = ContractNegotiationEntity.meta.tableName;

/** A provider records its agreement while finalizing; a negotiation that ends otherwise voids it. */
const IN_FORCE: readonly string[] = ['FINALIZING', 'FINALIZED'];

export function createContractAgreements(db: () => Database): ContractAgreements {
  const repository = (participantContextId: string) => db().tenantRepository(ContractAgreementEntity, participantContextId);
  return {
    async get(participantContextId, id) {
      // The agreement and the state of the negotiation that made it, in one statement.
      const found = await db()
        .kysely()
        .selectFrom(`${AGREEMENTS} as a`)
        .leftJoin(`${NEGOTIATIONS} as n`, (join) => join.onRef('n.id', '=', 'a.negotiation_id').onRef('n.tenant_id', '=', 'a.tenant_id'))
        .selectAll('a')
        .select('n.state as negotiation_state')
        .where('a.tenant_id', '=', participantContextId)
        .where('a.id', '=', id)
        .limit(1)
        .executeTakeFirst();
      const { negotiation_state: negotiationState, ...raw } = found ?? {};
      const inForce = found && (found.negotiation_id === null || IN_FORCE.includes(negotiationState));
      if (!inForce) throw problems.notFound(`contract agreement ${JSON.stringify(id)} does not exist in participant context ${JSON.stringify(participantContextId)}`);
      return toContractAgreement(mapRow({ db: db(), table: resolveEntityTable(db(), ContractAgreementEntity), entity: ContractAgreementEntity }, raw));
    },
    async list(participantContextId, { offset, limit, filters }) {
      const page = await repository(participantContextId).find({ ...filters }, { offset, limit, orderBy: { createdAt: 'asc' } });
      return { ...page, items: page.items.map(toContractAgreement) };
    },
    async create(participantContextId, agreement) {
      // The schema of the message that carries an agreement checks the agreement itself.
      const errors = validateDsp('ContractAgreementMessage', {
        '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
        '@type': 'ContractAgreementMessage',
        providerPid: 'urn:tdss:none',
        consumerPid: 'urn:tdss:none',
        agreement,
      }).map((problem) => ({ path: `agreement${problem.path.replace(/^\/agreement/, '').replaceAll('/', '.')}`, problem: problem.message }));
      if (errors.length) throw problems.badRequest(`invalid agreement: ${errors.map((e) => `${e.path}: ${e.problem}`).join('; ')}`, { errors });
      const row = await db().transactional(async (em) => {
        if (await db().tenantRepository(ContractAgreementEntity, participantContextId, em).findOne({ id: agreement['@id'] })) {
          throw problems.conflict(`contract agreement ${JSON.stringify(agreement['@id'])} exists already in participant context ${JSON.stringify(participantContextId)}`);
        }
        return recordAgreement(db(), em, participantContextId, agreement, null);
      });
      return toContractAgreement(row);
    },
  };
}
