import { type Static, Type } from '@tdss/sdk';

/** The `dataPlane` settings of @tdss/control-plane. */
export const DataPlaneSettings = Type.Object(
  {
    dataspaceContext: Type.String({ minLength: 1, default: 'default', description: 'The `dataspaceContext` of every DPS message this control plane sends.' }),
    requestTimeoutMs: Type.Integer({ minimum: 1, default: 30_000, description: 'How long a DPS message to a remote data plane waits for its answer; a timeout is retried like the transfer state it belongs to.' }),
    requireAuthorization: Type.Boolean({
      default: false,
      description: 'Data planes registered by URL must give a bearer token (`authorization: { type: "bearer", token }`), and callbacks without a token are refused (401). Off: a registration without credentials is signalled and heard without a token.',
    }),
    callbackSweepMs: Type.Integer({ minimum: 0, default: 1000, description: 'How often the outboxes of this runtime\'s data planes are swept for callbacks due again (failed, or left by a stopped replica); 0: never.' }),
    controlPlaneId: Type.String({ minLength: 1, default: 'tdss-control-plane', description: 'The `controlplaneId` this control plane registers with data planes (PUT /controlplanes), with its signaling URL for their callbacks.' }),
  },
  { default: {}, description: 'Data Plane Signaling: the data planes transfers are signalled to, and how.' },
);

export type DataPlaneSettings = Static<typeof DataPlaneSettings>;
