/**
 * The HTTP data plane on @tdss/dataplane-sdk: pull flows hand out a fresh tokenized address on
 * start and resume (tokens of the previous generation stop working); push flows upload the source
 * to the consumer's destination once STARTED, and again from the start after a resume.
 * Suspend and terminate stop an upload in flight; a pull is refused from then on by the token check.
 */
import { createDataPlane, type DataFlow, type DataFlowStore, type DataPlane, type FlowTokens, httpPushDestination } from '@tdss/dataplane-sdk';
import type { Logger } from '@tdss/sdk';
import { pullAddress } from './pull-address.ts';
import type { PushFlows } from './push-flows.ts';
import type { DataPlaneHttpSettings } from './settings.ts';
import { readSourceAddress } from './source.ts';

export interface HttpDataPlaneOptions {
  settings: DataPlaneHttpSettings;
  store: DataFlowStore;
  tokens: () => FlowTokens;
  /** Base URL of the pull endpoints (`<public>/dataplane-http`). */
  pullBase: () => string;
  push: () => PushFlows;
  logger: Logger;
}

export function createHttpDataPlane(options: HttpDataPlaneOptions): DataPlane {
  const { settings } = options;
  const isPull = (flow: DataFlow) => flow.profile === settings.pullProfile;
  const begin = async (flow: DataFlow) => {
    // Refuse at start what could never be served, rather than at the first pull.
    readSourceAddress(flow.metadata.sourceDataAddress, settings.allowFileSources);
    if (isPull(flow)) return { dataAddress: await pullAddress(options.tokens(), options.pullBase(), flow.id, flow.tokenGeneration) };
    httpPushDestination(flow);
    return { afterSave: () => options.push().start(flow) };
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
    onSuspend: async (flow) => options.push().stop(flow.id),
    onTerminate: async (flow) => options.push().stop(flow.id),
    onCompleted: async (flow) => options.push().stop(flow.id),
  });
}
