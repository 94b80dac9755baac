/**
 * Builds the trust of each dataspace from the settings and maps participant contexts to them: a
 * context listed in a dataspace belongs to it, every other one to the dataspace that lists none.
 */
import { type Logger, TdssError } from '@tdss/sdk';
import { sameType } from '../credentials/same-type.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { IdentityHubSettings } from '../settings.ts';
import { createKeysWithoutRelationships } from '../verify/keys-without-relationships.ts';
import type { DataspaceTrust, TrustRegistry } from './dataspace-trust.ts';

type DataspaceSettings = IdentityHubSettings['dataspaces'][number];

export function createTrustRegistry(dataspaces: readonly DataspaceSettings[], logger: Logger): TrustRegistry {
  const byParticipant = new Map<string, DataspaceTrust>();
  let fallback: DataspaceTrust | undefined;
  const names = new Set<string>();
  for (const settings of dataspaces) {
    if (names.has(settings.name)) throw invalid(`two dataspaces are named ${JSON.stringify(settings.name)}`, 'give each dataspace its own name');
    names.add(settings.name);
    const trust = dataspaceTrust(settings, logger);
    if (settings.participantContexts === undefined) {
      if (fallback) {
        throw invalid(
          `dataspaces ${JSON.stringify(fallback.name)} and ${JSON.stringify(settings.name)} both leave out participantContexts`,
          'only one dataspace can be the default; list the participant contexts of the others',
        );
      }
      fallback = trust;
      continue;
    }
    for (const participant of settings.participantContexts) {
      const other = byParticipant.get(participant);
      if (other) {
        throw invalid(
          `participant context ${JSON.stringify(participant)} is listed in dataspaces ${JSON.stringify(other.name)} and ${JSON.stringify(settings.name)}`,
          'list each participant context in one dataspace',
        );
      }
      byParticipant.set(participant, trust);
    }
  }
  return { forParticipant: (participantContextId) => byParticipant.get(participantContextId) ?? fallback };
}

function dataspaceTrust(settings: DataspaceSettings, logger: Logger): DataspaceTrust {
  const issuers = new Map<string, Set<string>>();
  // The dataspace's own issuer is trusted for what its participants request from it.
  const own = settings.issuer ? [{ did: settings.issuer, credentialTypes: settings.requiredCredentialTypes }] : [];
  for (const { did, credentialTypes } of [...settings.trustedIssuers, ...own]) {
    const types = issuers.get(did) ?? new Set<string>();
    for (const type of credentialTypes) types.add(type);
    issuers.set(did, types);
  }
  return {
    name: settings.name,
    trusts: (issuer, type) => {
      const types = issuers.get(issuer);
      return types !== undefined && (types.has('*') || [...types].some((trusted) => sameType(type, trusted)));
    },
    knowsIssuer: (issuer) => issuers.has(issuer),
    issuer: settings.issuer,
    requiredCredentialTypes: [...settings.requiredCredentialTypes],
    keysWithoutRelationships: settings.acceptKeysWithoutRelationships ? createKeysWithoutRelationships(logger, settings.name) : undefined,
  };
}

function invalid(message: string, hint: string): TdssError {
  return new TdssError(`setting dataspaces: ${message}`, { code: 'IDENTITY_BAD_DATASPACES', plugin: PLUGIN_NAME, hint });
}
