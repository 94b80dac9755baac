import { type Static, Type } from '@tdss/sdk';

export const IdentityDevSettings = Type.Object({
  secret: Type.String({
    minLength: 32,
    description: 'Shared HMAC secret of every runtime in the development dataspace (at least 32 characters). Anyone who has it can act as any participant: never use this plugin in production.',
  }),
  tokenTtlSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 300, description: 'Lifetime of the tokens this runtime issues.' }),
  staticTokens: Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
    default: {},
    description: 'Fixed Authorization header values accepted as a participant id, e.g. for a conformance kit that sends one configured header: { "Bearer tck": "TCK_PARTICIPANT" }.',
  }),
  claims: Type.Record(Type.String({ minLength: 1 }), Type.Record(Type.String(), Type.Unknown()), {
    default: {},
    description: 'Claims handed to policies for a participant id, standing in for the credentials DCP would verify: { "did:web:acme": { "MembershipCredential": { "role": "member" } } }.',
  }),
});

export type IdentityDevSettings = Static<typeof IdentityDevSettings>;
