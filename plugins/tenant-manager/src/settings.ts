import { type Static, Type } from '@tdss/sdk';

export const TenantManagerSettings = Type.Object({
  extraProvisioningActivities: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    description:
      'Activity types (contributed to WorkflowActivities by other plugins) run after the built-in provisioning steps, in this order, ' +
      'e.g. registering data planes. Each sees the earlier steps\' outputs (`identity.did`, `context.participantContextId`).',
  }),
});

export type TenantManagerSettings = Static<typeof TenantManagerSettings>;
