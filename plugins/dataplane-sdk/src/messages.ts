/**
 * The Data Plane Signaling 1.0 messages (eclipse-dataplane-signaling, specifications/schemas) as
 * TypeBox schemas: plain JSON Schema at run time, so `validateMessage` checks what arrives and
 * the OpenAPI fragment reuses them, and static types for the code that builds or reads them.
 * Unknown properties are allowed, as in the spec's schemas.
 */
import Type, { type Static } from 'typebox';

/** The data flow states of the spec's state machine. */
export const DATA_FLOW_STATES = ['INITIALIZED', 'PREPARING', 'PREPARED', 'STARTING', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'] as const;
export type DataFlowState = (typeof DATA_FLOW_STATES)[number];

const State = Type.Union(
  [
    Type.Literal('INITIALIZED'),
    Type.Literal('PREPARING'),
    Type.Literal('PREPARED'),
    Type.Literal('STARTING'),
    Type.Literal('STARTED'),
    Type.Literal('SUSPENDED'),
    Type.Literal('COMPLETED'),
    Type.Literal('TERMINATED'),
  ],
  { description: 'a data flow state' },
);

const NonEmpty = (description: string) => Type.String({ minLength: 1, description });

export const EndpointProperty = Type.Object({ name: NonEmpty('property name, e.g. authorization'), value: Type.String() });

/** A DSP DataAddress: where and how the data is reached (may carry a token: never log it). */
export const DataAddress = Type.Object({
  '@type': Type.Optional(Type.Literal('DataAddress')),
  endpointType: NonEmpty('the wire protocol, e.g. https://w3id.org/idsa/v4.1/HTTP'),
  endpoint: Type.Optional(Type.String()),
  endpointProperties: Type.Optional(Type.Array(EndpointProperty)),
});
export type DataAddress = Static<typeof DataAddress>;

/** DataFlowBaseMessage: what prepare and start share. */
const baseProperties = {
  messageId: NonEmpty('unique identifier of the message; a repeated message is answered as the first was'),
  participantId: NonEmpty('the participant sending the message (the control plane\'s participant)'),
  counterPartyId: NonEmpty('the counterparty\'s participant id'),
  dataspaceContext: NonEmpty('the dataspace the flow belongs to'),
  processId: NonEmpty('the transfer process id; this SDK uses it as the data flow id'),
  agreementId: NonEmpty('the contract agreement'),
  datasetId: NonEmpty('the dataset (asset) to transfer'),
  profile: NonEmpty('the transfer profile (DSP format), e.g. HttpData-PULL'),
  claims: Type.Record(Type.String(), Type.Unknown(), { description: 'the counterparty\'s verified claims' }),
  labels: Type.Optional(Type.Array(Type.String())),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
};

export const DataFlowPrepareMessage = Type.Object(baseProperties);
export type DataFlowPrepareMessage = Static<typeof DataFlowPrepareMessage>;

export const DataFlowStartMessage = Type.Object({
  ...baseProperties,
  /** Provider push: the consumer's destination. Must be absent for consumer pull. */
  dataAddress: Type.Optional(DataAddress),
});
export type DataFlowStartMessage = Static<typeof DataFlowStartMessage>;

export const DataFlowStartedNotificationMessage = Type.Object({ messageId: baseProperties.messageId, dataAddress: Type.Optional(DataAddress) });
export type DataFlowStartedNotificationMessage = Static<typeof DataFlowStartedNotificationMessage>;

export const DataFlowSuspendMessage = Type.Object({ messageId: baseProperties.messageId, reason: Type.Optional(Type.String()) });
export type DataFlowSuspendMessage = Static<typeof DataFlowSuspendMessage>;

export const DataFlowResumeMessage = Type.Object({ messageId: baseProperties.messageId, dataAddress: Type.Optional(DataAddress) });
export type DataFlowResumeMessage = Static<typeof DataFlowResumeMessage>;

export const DataFlowTerminateMessage = Type.Object({ messageId: baseProperties.messageId, reason: Type.Optional(Type.String()) });
export type DataFlowTerminateMessage = Static<typeof DataFlowTerminateMessage>;

export const DataFlowStatusMessage = Type.Object({
  messageId: baseProperties.messageId,
  dataFlowId: NonEmpty('the data flow'),
  state: State,
  dataAddress: Type.Optional(DataAddress),
  error: Type.Optional(Type.String()),
});
export type DataFlowStatusMessage = Static<typeof DataFlowStatusMessage>;

export const DataFlowStatusResponseMessage = Type.Object({
  dataFlowId: NonEmpty('the data flow'),
  state: State,
});
export type DataFlowStatusResponseMessage = Static<typeof DataFlowStatusResponseMessage>;

/** The spec's authorization object: a profile `type` and its own properties. */
export const AuthorizationEntry = Type.Object({ type: NonEmpty('an authorization profile') }, { additionalProperties: true });

export const DataPlaneRegistrationMessage = Type.Object({
  dataplaneId: NonEmpty('the data plane id; registering it again replaces the registration'),
  endpoint: Type.String({ pattern: '^https?://', description: 'base URL of the data plane\'s signaling API (…/dataflows/* below it)' }),
  profiles: Type.Array(NonEmpty('a transfer profile'), { minItems: 1 }),
  authorization: Type.Optional(AuthorizationEntry),
  labels: Type.Optional(Type.Array(Type.String())),
});
export type DataPlaneRegistrationMessage = Static<typeof DataPlaneRegistrationMessage>;

export const ControlPlaneRegistrationMessage = Type.Object({
  controlplaneId: NonEmpty('the control plane id'),
  endpoint: Type.String({ pattern: '^https?://', description: 'base URL of the control plane\'s signaling API (…/transfers/* below it)' }),
  authorization: Type.Optional(AuthorizationEntry),
});
export type ControlPlaneRegistrationMessage = Static<typeof ControlPlaneRegistrationMessage>;

/** Every message schema by name, e.g. for an OpenAPI document's components. */
export const DPS_SCHEMAS = {
  DataAddress,
  DataFlowPrepareMessage,
  DataFlowStartMessage,
  DataFlowStartedNotificationMessage,
  DataFlowSuspendMessage,
  DataFlowResumeMessage,
  DataFlowTerminateMessage,
  DataFlowStatusMessage,
  DataFlowStatusResponseMessage,
  DataPlaneRegistrationMessage,
  ControlPlaneRegistrationMessage,
} as const;
export type DpsMessageName = keyof typeof DPS_SCHEMAS;
