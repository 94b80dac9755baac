import t from 'tap';
import { inlineImports } from './inline-imports.ts';

t.test('@import is replaced by the imported terms, local terms winning, in scoped contexts too', async (t) => {
  const imported = { shared: 'ex:shared', clash: 'ex:imported' };
  const document = {
    '@context': {
      '@version': 1.1,
      Thing: { '@id': 'ex:Thing', '@context': { '@import': 'https://example.com/imported', clash: 'ex:local', own: 'ex:own' } },
    },
  };
  const inlined = inlineImports(document, (url) => (url === 'https://example.com/imported' ? imported : undefined));
  t.same(inlined, {
    '@context': {
      '@version': 1.1,
      Thing: { '@id': 'ex:Thing', '@context': { shared: 'ex:shared', clash: 'ex:local', own: 'ex:own' } },
    },
  });
  t.ok('@import' in document['@context'].Thing['@context'], 'the input is left as it was');
  t.throws(() => inlineImports({ '@context': { '@import': 'https://example.com/list' } }, () => ['a']), TypeError);
});
