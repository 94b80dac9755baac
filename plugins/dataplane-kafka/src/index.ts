export { describeAddress, kafkaClientConfig, type KafkaAddress, type KafkaSasl, type SaslMechanism, type SecurityProtocol } from './address/kafka-address.ts';
export { SOURCE_HEADER, startKafkaRelay, type Delivery, type KafkaRelay, type RelayOptions, type RelaySpec } from './relay/kafka-relay.ts';
export { deleteFlowGroup } from './relay/delete-flow-group.ts';
export { flowGroupId } from './relay/flow-group.ts';
