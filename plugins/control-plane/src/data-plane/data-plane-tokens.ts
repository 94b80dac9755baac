/** What data plane plugins use of the control plane's Data Plane Signaling. */
import type { DataPlane } from '@tdss/dataplane-sdk';
import { createExtensionPoint, createServiceToken } from '@tdss/sdk';
import type { DataPlaneRegistry } from './data-plane-registry.ts';

/**
 * Data planes running in this runtime (built with @tdss/dataplane-sdk's `createDataPlane`): the
 * control plane signals them in-process and registers itself with them for their callbacks.
 */
export const LocalDataPlanes = createExtensionPoint<DataPlane>('tdss.LocalDataPlanes', {
  description: 'Data planes of this runtime (DPS in-process): the transfer profiles they serve and their signaling API.',
});

export const DataPlanes = createServiceToken<DataPlaneRegistry>('tdss.DataPlanes', {
  description: 'The DPS data plane registry of the control plane: register data planes by URL, per runtime or participant context.',
  providedBy: ['@tdss/control-plane'],
});
