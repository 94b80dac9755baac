/**
 * @tdss/control-plane: EDC-V's control plane for many participant contexts. This part holds the
 * participant contexts and their management API; catalog, contract negotiation and transfer
 * process build on them.
 */
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, HttpServer } from '@tdss/sdk';
import { createParticipantContextRoutes } from './participant-context/participant-context-routes.ts';
import { participantContextOpenApi } from './participant-context/participant-context-openapi.ts';
import { participantContextSchema } from './participant-context/participant-context-schema.ts';
import { createParticipantContexts } from './participant-context/create-participant-contexts.ts';
import { createVersionRoutes } from './protocol/version-routes.ts';
import { MANAGEMENT_SERVICES, registerManagementApi } from './management/register-management-api.ts';
import { ParticipantContexts } from './tokens.ts';

export * from './tokens.ts';
export { toParticipantContextJson } from './participant-context/participant-context.ts';

const name = '@tdss/control-plane';

export default definePlugin({
  name,
  version: '0.1.0',
  description: 'Participant contexts (tenants in a dataspace) and their management API.',
  provides: [ParticipantContexts, ...MANAGEMENT_SERVICES],
  // HttpServer also orders start-up so that the HTTP plugin drains before this plugin stops.
  requires: [Database, HttpServer],
  contributes: [DatabaseSchemas, HttpRoutes],
  register(ctx) {
    const contexts = createParticipantContexts(ctx.lazy(Database));
    ctx.contribute(DatabaseSchemas, participantContextSchema(name));
    ctx.provide(ParticipantContexts, contexts);
    ctx.contribute(HttpRoutes, { context: 'management', router: createParticipantContextRoutes(() => contexts), openapi: participantContextOpenApi });
    registerManagementApi(ctx, () => contexts);
    const http = ctx.lazy(HttpServer);
    ctx.contribute(HttpRoutes, { context: 'protocol', router: createVersionRoutes(() => contexts, () => http().url('protocol')) });
  },
});
