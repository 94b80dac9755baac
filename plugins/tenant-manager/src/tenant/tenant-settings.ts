/**
 * What a tenant's `settings` hold. `dataspaces` names dataspaces of the identity hub's
 * configuration (every configured one when absent); `infrastructure` is the selected
 * provisioner's own object, checked by that provisioner. A change of either re-provisions the
 * tenant; nothing else may be set.
 */
import { type Static, Type } from '@tdss/sdk';

export const TenantSettings = Type.Object(
  {
    dataspaces: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        uniqueItems: true,
        description: 'Names of the identity hub\'s configured dataspaces the tenant joins; all of them when absent.',
      }),
    ),
    infrastructure: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Provisioner-specific settings, handed to the Provisioner as they are.' }),
    ),
  },
  { additionalProperties: false },
);

export type TenantSettings = Static<typeof TenantSettings>;

/** Keys whose change needs the tenant's infrastructure and credentials provisioned again. */
export const REPROVISIONING_KEYS = ['dataspaces', 'infrastructure'] as const;
