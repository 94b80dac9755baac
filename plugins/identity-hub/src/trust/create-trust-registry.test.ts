import { type Logger, TdssError } from '@tdss/sdk';
import t from 'tap';
import { createTrustRegistry } from './create-trust-registry.ts';

const ISSUER = 'did:web:issuer.example.com';
/** Keeps what is logged at info. */
const infoLog = () => {
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return { lines, logger: { info: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }) } as unknown as Logger };
};
const { logger } = infoLog();
const dataspace = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  trustedIssuers: [{ did: ISSUER, credentialTypes: ['MembershipCredential'] }],
  requiredCredentialTypes: ['MembershipCredential'],
  ...extra,
});

t.test('participant contexts belong to the dataspace that lists them, the others to the default', async (t) => {
  const registry = createTrustRegistry([
    dataspace('catena', { participantContexts: ['bmw', 'zf'], trustedIssuers: [{ did: ISSUER, credentialTypes: ['*'] }], requiredCredentialTypes: ['FrameworkCredential'] }),
    dataspace('default'),
  ], logger);
  t.equal(registry.forParticipant('bmw')?.name, 'catena');
  t.equal(registry.forParticipant('anyone')?.name, 'default');
  t.same(registry.forParticipant('zf')?.requiredCredentialTypes, ['FrameworkCredential']);
  t.ok(registry.forParticipant('bmw')!.trusts(ISSUER, 'AnythingCredential'), '"*" trusts every type');
  const fallback = registry.forParticipant('anyone')!;
  t.ok(fallback.trusts(ISSUER, 'MembershipCredential'));
  t.ok(fallback.trusts(ISSUER, 'https://w3id.org/example#MembershipCredential'), 'an IRI ending in the term');
  t.notOk(fallback.trusts(ISSUER, 'https://w3id.org/example#NotMembershipCredential'));
  t.notOk(fallback.trusts(ISSUER, 'OtherCredential'));
  t.notOk(fallback.trusts('did:web:other', 'MembershipCredential'));
  t.ok(fallback.knowsIssuer(ISSUER));
  t.notOk(fallback.knowsIssuer('did:web:other'));
  t.equal(createTrustRegistry([dataspace('only', { participantContexts: ['a'] })], logger).forParticipant('b'), undefined, 'no default: no trust');
});

t.test('settings that cannot be read one way are refused', async (t) => {
  const refusal = (dataspaces: ReturnType<typeof dataspace>[]) => {
    try {
      createTrustRegistry(dataspaces as never, logger);
    } catch (error) {
      return error as TdssError;
    }
    return undefined;
  };
  t.match(refusal([dataspace('a'), dataspace('b')]), { code: 'IDENTITY_BAD_DATASPACES', message: /dataspaces "a" and "b" both leave out participantContexts/ });
  t.match(refusal([dataspace('a', { participantContexts: ['x'] }), dataspace('b', { participantContexts: ['x'] })]), { message: /"x" is listed in dataspaces "a" and "b"/ });
  t.match(refusal([dataspace('a', { participantContexts: [] }), dataspace('a', { participantContexts: [] })]), { message: /two dataspaces are named "a"/ });
  t.ok(refusal([dataspace('a', { participantContexts: ['x'] }), dataspace('b')]) === undefined);
  t.ok(refusal([dataspace('a'), dataspace('b')]) instanceof TdssError);
});

t.test('acceptKeysWithoutRelationships: only the dataspaces that set it hand verifyJws the relaxation, which logs once per DID', async (t) => {
  const log = infoLog();
  const registry = createTrustRegistry(
    [
      dataspace('edc', { participantContexts: ['a'], acceptKeysWithoutRelationships: true }),
      dataspace('strict', { participantContexts: ['b'], acceptKeysWithoutRelationships: false }),
      dataspace('default'),
    ],
    log.logger,
  );
  t.equal(registry.forParticipant('b')!.keysWithoutRelationships, undefined);
  t.equal(registry.forParticipant('c')!.keysWithoutRelationships, undefined, 'off when left out');
  const relaxed = registry.forParticipant('a')!.keysWithoutRelationships!;
  relaxed.accepted('did:web:edc.example.com:alice');
  relaxed.accepted('did:web:edc.example.com:alice');
  relaxed.accepted('did:web:edc.example.com:bob');
  t.match(log.lines, [
    { fields: { dataspace: 'edc', did: 'did:web:edc.example.com:alice' }, message: /acceptKeysWithoutRelationships/ },
    { fields: { dataspace: 'edc', did: 'did:web:edc.example.com:bob' } },
  ]);
  t.equal(log.lines.length, 2);
});
