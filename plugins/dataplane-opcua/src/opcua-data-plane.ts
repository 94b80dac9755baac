/**
 * The OPC UA data plane on @tdss/dataplane-sdk. Start and resume open (or share) the OPC UA
 * session of the asset, which checks the security mode, the credentials and the nodes: what the
 * server refuses ends the transfer at its start with the reason. Pull flows then hand out a fresh
 * tokenized address (tokens of the previous generation stop working); push flows start delivering
 * data changes once STARTED, in the replica that owns the flow (its lease; see the SDK's
 * createFlowOwnership), which also resumes them after a restart. Suspend, terminate and completion end the streams and deliveries of
 * the flow and give its session lease back.
 */
import { createDataPlane, type DataFlow, type DataFlowStore, type DataPlane, type FlowOwnership, type FlowTokens, httpPushDestination } from '@tdss/dataplane-sdk';
import type { Logger } from '@tdss/sdk';
import type { FlowLeases } from './flow-leases.ts';
import type { FlowStreams } from './flow-streams.ts';
import { pullAddress } from './pull-address.ts';
import type { PushFlows } from './push-flows.ts';
import type { DataPlaneOpcUaSettings } from './settings.ts';
import { readSourceAddress } from './source-address.ts';

export interface OpcUaDataPlaneOptions {
  settings: DataPlaneOpcUaSettings;
  store: DataFlowStore;
  tokens: () => FlowTokens;
  /** Base URL of the pull endpoints (`<public>/dataplane-opcua`). */
  pullBase: () => string;
  leases: FlowLeases;
  streams: FlowStreams;
  push: () => PushFlows;
  /** Which replica pushes a flow. */
  ownership: () => FlowOwnership;
  logger: Logger;
}

export function createOpcUaDataPlane(options: OpcUaDataPlaneOptions): DataPlane {
  const { settings } = options;
  const isPull = (flow: DataFlow) => flow.profile === settings.pullProfile;
  const begin = async (flow: DataFlow) => {
    readSourceAddress(flow.metadata.sourceDataAddress);
    if (!isPull(flow)) httpPushDestination(flow);
    await options.leases.lease(flow);
    if (isPull(flow)) return { dataAddress: await pullAddress(options.tokens(), options.pullBase(), flow.id, flow.tokenGeneration) };
    const claim = () => options.ownership().claim(flow).catch((error: unknown) => options.logger.warn({ err: error, dataFlow: flow.id }, 'dataplane-opcua: a push could not be claimed; the next lease round takes it'));
    return { afterSave: () => void claim() };
  };
  const end = (why: string) => async (flow: DataFlow) => {
    options.push().stop(flow.id);
    if (!isPull(flow)) await options.ownership().end(flow.id);
    options.streams.endAll(flow.id, `the data flow was ${why}`);
    await options.leases.drop(flow.id);
  };
  return createDataPlane({
    id: settings.id,
    transferTypes: [
      { profile: settings.pullProfile, flow: 'PULL' },
      { profile: settings.pushProfile, flow: 'PUSH' },
    ],
    store: options.store,
    logger: options.logger,
    onStart: begin,
    onResume: begin,
    onSuspend: end('suspended'),
    onTerminate: end('terminated'),
    onCompleted: end('completed'),
  });
}
