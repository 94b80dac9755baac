/**
 * @tdss/dataplane-sdk/testing: the DataFlowStore contract, for the SDK's stores and for a store of
 * your own (it needs `tap`, which the SDK's main entry does not).
 */
export { type DataFlowStoreCase, dataFlowStoreContract, sampleDataFlow } from './data-flow-store-contract.ts';
