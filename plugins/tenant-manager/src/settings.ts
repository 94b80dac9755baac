import { type Static, Type } from '@tdss/sdk';

export const TenantManagerSettings = Type.Object({
  adminToken: Type.Optional(
    Type.String({
      minLength: 16,
      description:
        'Bearer token of the operator (sent as `Authorization: Bearer <token>`). Without it the tenant API refuses every request. ' +
        'The all-in-one profile sets it from TDSS_ADMIN_TOKEN.',
    }),
  ),
  extraProvisioningActivities: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    description:
      'Activity types (contributed to WorkflowActivities by other plugins) run after the built-in provisioning steps, in this order, ' +
      'e.g. registering data planes. Each sees the earlier steps\' outputs (`identity.did`, `context.participantContextId`).',
  }),
});

export type TenantManagerSettings = Static<typeof TenantManagerSettings>;
