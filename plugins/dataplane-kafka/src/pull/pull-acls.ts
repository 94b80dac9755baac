/**
 * The ACLs of a pull flow on the provider's cluster, set with the provider's own credentials
 * (from the asset's data address; they need ALTER on the cluster): the principal of one token
 * generation may READ and DESCRIBE the agreed topic and READ the flow's consumer group, nothing
 * else. The group is granted by its literal name: a prefix grant would also cover the groups of
 * every flow whose id begins with this flow's id (flow ids are the control planes' process ids).
 * Revoking deletes every ACL of the flow's principals up to a generation: the broker checks ACLs
 * on every request, so a revoked consumer's next fetch, commit or join fails although its
 * connection and its token are still alive.
 */
import kafkajs, { type Admin, type AclEntry, type AclFilter } from 'kafkajs';
import { kafkaClientConfig, type KafkaAddress } from '../address/kafka-address.ts';
import { pullGroupId, pullPrincipal } from './pull-principal.ts';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } = kafkajs;

export async function grantPull(source: KafkaAddress, flowId: string, generation: number, clientId: string): Promise<void> {
  const principal = `User:${pullPrincipal(flowId, generation)}`;
  const allow = { principal, host: '*', permissionType: AclPermissionTypes.ALLOW };
  const topic = { resourceType: AclResourceTypes.TOPIC, resourceName: source.topic, resourcePatternType: ResourcePatternTypes.LITERAL };
  const acl: AclEntry[] = [
    { ...topic, ...allow, operation: AclOperationTypes.READ },
    { ...topic, ...allow, operation: AclOperationTypes.DESCRIBE },
    { resourceType: AclResourceTypes.GROUP, resourceName: pullGroupId(flowId), resourcePatternType: ResourcePatternTypes.LITERAL, ...allow, operation: AclOperationTypes.READ },
  ];
  await withAdmin(source, clientId, (admin) => admin.createAcls({ acl }));
}

/** Deletes the ACLs of the flow's principals of generations 1 to `upToGeneration`; resolves to how many there were. */
export async function revokePull(source: KafkaAddress, flowId: string, upToGeneration: number, clientId: string): Promise<number> {
  const filters: AclFilter[] = Array.from({ length: upToGeneration }, (_, i) => ({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal: `User:${pullPrincipal(flowId, i + 1)}`,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  }));
  const { filterResponses } = await withAdmin(source, clientId, (admin) => admin.deleteAcls({ filters }));
  const failed = filterResponses.find((response) => response.errorCode !== 0);
  if (failed) throw new Error(`kafka: deleting the ACLs of pull flow ${flowId} failed: ${failed.errorMessage ?? `error code ${failed.errorCode}`}`);
  return filterResponses.reduce((sum, response) => sum + response.matchingAcls.length, 0);
}

async function withAdmin<T>(source: KafkaAddress, clientId: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ ...kafkaClientConfig(source, clientId), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
