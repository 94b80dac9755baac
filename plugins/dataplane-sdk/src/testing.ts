/**
 * @tdss/dataplane-sdk/testing: the DataFlowStore contract, for the SDK's stores and for a store of
 * your own, and a data plane's end-to-end test runtime with polling of its transfers. It needs
 * `tap` and the plugins the test runtime starts (@tdss/http, store-sql, secrets-local,
 * identity-dev, policy-engine, testing), which the SDK's main entry does not.
 */
export { type DataFlowStoreCase, dataFlowStoreContract, sampleDataFlow } from './data-flow-store-contract.ts';
export {
  type DataPlaneTestRuntime,
  type DataPlaneTestRuntimeOptions,
  FAST_STATE_MACHINE,
  startDataPlaneTestRuntime,
  TEST_CONSUMER,
  TEST_PROVIDER,
  type TestParticipant,
} from './start-data-plane-test-runtime.ts';
export { providerProcessOf, type TransferLookup, waitForTransferState } from './wait-for-transfer.ts';
