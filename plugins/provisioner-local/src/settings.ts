import { type Static, Type } from '@tdss/sdk';

export const LocalProvisionerSettings = Type.Object({
  folder: Type.String({
    minLength: 1,
    default: 'tenants',
    description: 'Folder, relative to the runtime\'s dataDir (or absolute), that holds one data folder per tenant.',
  }),
  defaultQuotaMegabytes: Type.Integer({
    minimum: 1,
    default: 1024,
    description: 'Quota written to a tenant\'s marker when its `settings.infrastructure.quotaMegabytes` does not say otherwise.',
  }),
});

export type LocalProvisionerSettings = Static<typeof LocalProvisionerSettings>;

/** What a tenant's `settings.infrastructure` may hold for this provisioner. */
export const LocalInfrastructure = Type.Object(
  {
    quotaMegabytes: Type.Optional(Type.Integer({ minimum: 1, description: 'Size the tenant\'s data folder may grow to, in MiB.' })),
  },
  { additionalProperties: false },
);

export type LocalInfrastructure = Static<typeof LocalInfrastructure>;
