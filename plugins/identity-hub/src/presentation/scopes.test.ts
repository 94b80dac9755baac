import t from 'tap';
import { grantedReads, readScope, scopeKey, typeScope } from './scopes.ts';

t.test('the two aliases DCP requires, with and without an operation', async (t) => {
  t.equal(typeScope('MembershipCredential'), 'org.eclipse.dspace.dcp.vc.type:MembershipCredential:read');
  t.same(readScope('org.eclipse.dspace.dcp.vc.type:MembershipCredential:read'), { kind: 'type', type: 'MembershipCredential' });
  t.same(readScope('org.eclipse.dspace.dcp.vc.type:Member'), { kind: 'type', type: 'Member' }, 'the spec example, without operation');
  t.same(readScope('org.eclipse.dspace.dcp.vc.type:Member:all'), { kind: 'type', type: 'Member' });
  t.same(readScope('org.eclipse.dspace.dcp.vc.id:8247b87d-8d72-47e1-8128-9ce47e3d829d'), { kind: 'id', id: '8247b87d-8d72-47e1-8128-9ce47e3d829d' });
  t.same(readScope('org.eclipse.dspace.dcp.vc.id:urn:uuid:1234:read'), { kind: 'id', id: 'urn:uuid:1234' }, 'ids may hold colons');
  for (const unread of [
    'org.eclipse.dspace.dcp.vc.type:Member:write',
    'org.eclipse.dspace.dcp.vc.type:a:b:read',
    'org.eclipse.dspace.dcp.vc.type:',
    'org.eclipse.dspace.dcp.vc.id::read',
    'org.eclipse.dspace.dcp.vc.typeX:Member',
    'presentation1',
  ]) {
    t.equal(readScope(unread), undefined, unread);
  }
  t.equal(scopeKey('org.eclipse.dspace.dcp.vc.type:Member'), scopeKey('org.eclipse.dspace.dcp.vc.type:Member:read'));
});

t.test('only what was both requested and granted is read', async (t) => {
  const member = typeScope('Member');
  const sensitive = typeScope('Sensitive');
  t.same(grantedReads([member, sensitive], [member]), [{ kind: 'type', type: 'Member' }]);
  t.same(grantedReads([sensitive], [member, sensitive]), [{ kind: 'type', type: 'Sensitive' }]);
  t.same(grantedReads(['org.eclipse.dspace.dcp.vc.type:Member'], [member]), [{ kind: 'type', type: 'Member' }]);
  t.same(grantedReads(['unknown:x'], ['unknown:x']), [], 'a scope this service does not serve grants nothing');
  t.same(grantedReads([member], []), []);
});
