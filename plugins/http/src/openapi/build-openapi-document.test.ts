import t from 'tap';
import { buildOpenApiDocument } from './build-openapi-document.ts';

t.test('components clash only when they differ', async (t) => {
  const fragment = (schema: unknown) => ({ paths: {}, components: { schemas: { Asset: schema } } });
  t.doesNotThrow(() => buildOpenApiDocument({ context: 'm', version: '1', fragments: [fragment({ type: 'object' }), fragment({ type: 'object' })] }));
  t.throws(
    () => buildOpenApiDocument({ context: 'm', version: '1', fragments: [fragment({ type: 'object' }), fragment({ type: 'string' })] }),
    /two OpenAPI fragments of context m define components\.schemas\.Asset differently/,
  );
  t.throws(
    () => buildOpenApiDocument({ context: 'm', version: '1', fragments: [{ paths: {}, components: { schemas: { Problem: { type: 'string' } } } }] }),
    /components\.schemas\.Problem/,
    'the built-in problem schema cannot be redefined',
  );
});
