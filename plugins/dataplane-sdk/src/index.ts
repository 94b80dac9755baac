/**
 * @tdss/dataplane-sdk: what a third party needs to write a Data Plane Signaling (DPS 1.0) data
 * plane for TDSS, in a runtime (mount `router` on the `signaling` context) or as its own service
 * (`serveDataPlane`); and the HTTP client a control plane signals data planes with.
 */
export * from './messages.ts';
export { validateMessage } from './validate-message.ts';
export { type DataFlow, type FlowRole, type PendingCallback, type StoredResponse, callbackDueAt, FINAL_STATES, isFinalState } from './data-flow.ts';
export { type ControlPlaneRegistrations, DATA_FLOW_PAGE, type DataFlowQuery, type DataFlowStore, createMemoryDataFlowStore } from './data-flow-store.ts';
export { createSqlDataFlowStore, dataFlowStoreSchema } from './sql-data-flow-store.ts';
export type { DataFlowLeases } from './data-flow-leases.ts';
export { createFlowOwnership, type FlowOwnership, type FlowOwnershipOptions } from './flow-ownership.ts';
export {
  createDataPlane,
  type DataPlane,
  type DataPlaneHandlers,
  type DataPlaneOptions,
  type DataPlaneSignaling,
  type FlowOutcome,
  type SignalingResponse,
  type TransferType,
} from './create-data-plane.ts';
export { createDataPlaneRouter, type DataPlaneRouterOptions } from './data-plane-router.ts';
export { authorizationToken, BEARER_AUTHORIZATION, requireBearer, sameToken, tokenDigest } from './signaling-auth.ts';
export { dataPlaneOpenApi } from './data-plane-openapi.ts';
export { serveDataPlane, type ServeDataPlaneOptions, type ServedDataPlane } from './serve-data-plane.ts';
export { createSignalingClient, type SignalingClientOptions } from './signaling-client.ts';
export { CallbackRefusedError, type CallbackReceiver, type CallbackRetry, type ControlPlaneCallbacks, type ControlPlaneEvent, createControlPlaneCallbacks } from './control-plane-client.ts';
export { bearerToken, createFlowTokens, type FlowTokens, type FlowTokenSettings, type IssuedTokens, type VerifiedFlowToken } from './flow-tokens.ts';
export { endpointProperty, type HttpPushDestination, httpPushDestination, withEndpointProperties } from './data-address.ts';
export { type FlowTokenKeyOwner, loadFlowTokenKey } from './flow-token-key.ts';
