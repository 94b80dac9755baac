/**
 * tdss-plugin-greetings: everything a third-party plugin does, in one small package.
 */
import { Database, DatabaseSchemas, definePlugin, HttpRoutes, Type } from '@tdss/sdk';
import { greetingSchema } from './greeting-entity.ts';
import { greetingOpenApi } from './greeting-openapi.ts';
import { createGreetingRoutes } from './greeting-routes.ts';

const name = 'tdss-plugin-greetings';

export default definePlugin({
  name,
  version: '0.1.0',
  description: 'Example third-party plugin: greetings per tenant, over HTTP, kept in the database.',
  settings: Type.Object({
    greeting: Type.String({ minLength: 1, default: 'Hello', description: 'The word a greeting starts with.' }),
    maxNameLength: Type.Integer({ minimum: 1, maximum: 1000, default: 64, description: 'Longest name accepted.' }),
  }),
  requires: [Database],
  contributes: [HttpRoutes, DatabaseSchemas],
  register(ctx) {
    ctx.contribute(DatabaseSchemas, greetingSchema(name));
    ctx.contribute(HttpRoutes, {
      context: 'management',
      router: createGreetingRoutes(ctx.lazy(Database), ctx.settings),
      openapi: greetingOpenApi,
    });
  },
});
