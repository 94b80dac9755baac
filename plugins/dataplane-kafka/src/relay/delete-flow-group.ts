import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig, type KafkaAddress } from '../address/kafka-address.ts';
import { flowGroupId } from './flow-group.ts';

/**
 * Forgets a terminated flow's position: deletes its consumer group on the provider's cluster.
 * The relay must have left the group (a group with members cannot be deleted). Returns whether
 * there was a group.
 */
export async function deleteFlowGroup(source: KafkaAddress, flowId: string, clientId = 'tdss-dataplane-kafka'): Promise<boolean> {
  const admin = new Kafka({ ...kafkaClientConfig(source, clientId), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteGroups([flowGroupId(flowId)]);
    return true;
  } catch (error) {
    // GROUP_ID_NOT_FOUND: the flow never committed anything.
    const groups = (error as { groups?: { errorCode?: number; error?: { type?: string } }[] }).groups;
    if (groups?.every((group) => group.error?.type === 'GROUP_ID_NOT_FOUND')) return false;
    throw error;
  } finally {
    await admin.disconnect();
  }
}
