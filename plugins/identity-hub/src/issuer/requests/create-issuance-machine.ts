/**
 * The issuance state machine: ISSUING makes the credentials (once per request and definition),
 * signs them and delivers them to the holder; REJECTING tells the holder why not. Deliveries are
 * retried with the machine's back-off; when they give up, the request is FAILED and whatever it
 * issued is revoked, since the holder may never learn of it.
 */
import { type Logger, type Metrics, unlessNotFound } from '@tdss/sdk';
import { createStateMachine, type StateMachine, type StateMachineSettings } from '@tdss/state-machine';
import { evaluateAttestations } from '../attestations/evaluate-attestations.ts';
import type { CredentialDefinitions } from '../definitions/create-credential-definitions.ts';
import { recordIssuedCredential } from '../credentials/record-issued-credential.ts';
import { recordSigner } from '../credentials/record-signer.ts';
import { SigningKeyRetiredError, signCredential } from '../credentials/sign-credential.ts';
import type { CredentialDefinition } from '../definitions/credential-definition.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';
import { IssuedCredentialRecord } from '../storage/issued-credential-record.ts';
import { type CredentialContainer, deliverCredentialMessage } from './deliver-credential-message.ts';
import { accessTokenKey } from './issuer-parts.ts';

type Row = Readonly<IssuanceRequestRecord>;

export interface IssuanceMachineOptions {
  deps: IssuerDeps;
  definitions: CredentialDefinitions;
  logger: Logger;
  metrics?: Metrics;
  settings: Partial<StateMachineSettings>;
}

export function createIssuanceMachine(options: IssuanceMachineOptions): StateMachine<IssuanceRequestRecord> {
  const { deps, definitions, logger } = options;

  /** The credentials to deliver, or why the request must be rejected after all. */
  async function issue(row: Row): Promise<{ credentials: CredentialContainer[] } | { rejectionReason: string }> {
    const issuer = (await deps.dcp.dids.find(row.tenantId))?.did;
    if (!issuer) return { rejectionReason: 'the issuer no longer has an identity' };
    const credentials: CredentialContainer[] = [];
    for (const id of JSON.parse(row.definitionIds) as string[]) {
      const definition = await definitions.find(row.tenantId, id);
      if (!definition) return { rejectionReason: `the credential ${id} is no longer offered` };
      const verdict = evaluateAttestations(definition.attestations, row.holderDid, definition.credentialType, true);
      if (verdict.decision !== 'issue') return { rejectionReason: verdict.decision === 'reject' ? verdict.reason : 'not approved' };
      const signingKey = await definitionKey(row.tenantId, definition);
      if (signingKey === null) return retired(row, definition);
      const record = await recordIssuedCredential(deps, row, definition, verdict.claims);
      try {
        const payload = await signCredential(deps, record, issuer, signingKey);
        await recordSigner(deps, record, payload);
        credentials.push({ credentialType: record.credentialType, format: record.format, payload });
      } catch (error) {
        if (error instanceof SigningKeyRetiredError) return retired(row, definition);
        throw error;
      }
    }
    return { credentials };
  }

  /**
   * The verification method a definition's credentials must be signed with: undefined for any
   * (the active key), null when its named key can no longer sign (rotated or revoked since).
   */
  async function definitionKey(participantId: string, definition: CredentialDefinition): Promise<string | undefined | null> {
    if (definition.signingKeyPairId === undefined) return undefined;
    const key = await unlessNotFound(deps.dcp.keys.get(participantId, definition.signingKeyPairId));
    return key?.state === 'ACTIVATED' ? key.verificationMethodId : null;
  }

  /** The holder learns only that the credential cannot be issued now; the operator, which key to replace. */
  function retired(row: Row, definition: CredentialDefinition): { rejectionReason: string } {
    logger.warn(
      { participantId: row.tenantId, requestId: row.id, definitionId: definition.id, signingKeyPairId: definition.signingKeyPairId },
      'the credential definition\'s signing key no longer signs: name its successor in the definition',
    );
    return { rejectionReason: `the ${definition.credentialType} cannot be issued now: its signing key was retired` };
  }

  async function finish(row: Row): Promise<void> {
    if (row.hasAccessToken) await deps.secrets.delete(row.tenantId, accessTokenKey(row.id));
  }

  return createStateMachine<IssuanceRequestRecord>({
    name: 'identity-hub-issuance',
    db: deps.db,
    entity: IssuanceRequestRecord,
    logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...options.settings,
    processors: {
      ISSUING: async (row, step) => {
        const result = await issue(row);
        if ('rejectionReason' in result) return step.transition('REJECTING', { rejectionReason: result.rejectionReason });
        await deliverCredentialMessage(deps, row, { status: 'ISSUED', credentials: result.credentials });
        await finish(row);
        logger.info({ participantId: row.tenantId, requestId: row.id, holder: row.holderDid, credentials: result.credentials.length }, 'credentials issued and delivered');
        return step.transition('ISSUED');
      },
      REJECTING: async (row, step) => {
        await deliverCredentialMessage(deps, row, { status: 'REJECTED', rejectionReason: row.rejectionReason ?? null });
        await finish(row);
        logger.info({ participantId: row.tenantId, requestId: row.id, holder: row.holderDid, reason: row.rejectionReason }, 'credential request rejected');
        return step.transition('REJECTED');
      },
    },
    async onRetriesExhausted(row, error, step) {
      const revoked = await deps.db
        .tenantRepository(IssuedCredentialRecord, row.tenantId)
        .find({ requestId: row.id, revokedAt: null });
      for (const credential of revoked.items) await deps.db.tenantRepository(IssuedCredentialRecord, row.tenantId).update(credential.id, { revokedAt: new Date() });
      await finish(row);
      const errorDetail = error instanceof Error ? error.message : String(error);
      logger.warn({ participantId: row.tenantId, requestId: row.id, holder: row.holderDid, errorDetail, revoked: revoked.items.length }, 'credential delivery gave up');
      return step.transition('FAILED', { errorDetail });
    },
  });
}
