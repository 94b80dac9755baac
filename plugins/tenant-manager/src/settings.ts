import { type Static, Type } from '@tdss/sdk';

export const TenantManagerSettings = Type.Object({
  extraProvisioningActivities: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    description:
      'Activity types (contributed to WorkflowActivities by other plugins) run after the built-in provisioning steps, in this order. ' +
      'Each sees the earlier steps\' outputs (`identity.did`, `context.participantContextId`, `credentials`, `infrastructure`), ' +
      'e.g. registering the tenant with an outside system. A re-provisioning runs them again.',
  }),
  provisioner: Type.String({
    minLength: 1,
    default: 'local',
    description:
      'Name of the provisioner (contributed to Provisioners, e.g. by @tdss/provisioner-local or @tdss/provisioner-kubernetes) that makes, ' +
      'suspends, resumes and removes each tenant\'s infrastructure. Start-up fails when no plugin of the profile contributes it.',
  }),
  terminatedRetentionSeconds: Type.Integer({
    minimum: 0,
    default: 604_800,
    description:
      'How long a TERMINATED tenant\'s row and its orchestration history are kept (7 days by default) before the sweeper deletes them; ' +
      '0 deletes them at the next sweep.',
  }),
  retentionSweepIntervalMs: Type.Integer({
    minimum: 10,
    default: 600_000,
    description: 'How often each replica looks for terminated tenants whose retention is over.',
  }),
});

export type TenantManagerSettings = Static<typeof TenantManagerSettings>;
