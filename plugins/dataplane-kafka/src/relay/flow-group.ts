/**
 * The Kafka names a flow owns on the provider's cluster: its consumer group, whose committed
 * offsets are the flow's position, and (exactly-once) its transactional id. Both are derived from
 * the flow id so that any relay of the flow, on any replica, finds them.
 */
export function flowGroupId(flowId: string): string {
  return `tdss-flow-${flowId}`;
}
