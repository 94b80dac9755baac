import t from 'tap';
import { loadFixture } from '../fixtures/load-fixture.ts';
import { createDspJsonLd } from './dsp-json-ld.ts';

// Prints figures only: timing depends on the machine, so nothing here asserts a speed.
t.test('throughput of reading DSP messages (expand + normalise + compact + validate)', async (t) => {
  const dsp = createDspJsonLd();
  for (const path of ['catalog/catalog-request-message.json', 'negotiation/contract-request-message.json', 'catalog/catalog.json']) {
    const message = loadFixture('dsp-2025-1', path);
    for (let warm = 0; warm < 100; warm++) await dsp.read(message);
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < 1000) {
      await dsp.read(message);
      count++;
    }
    const perSecond = Math.round(count / ((performance.now() - start) / 1000));
    t.comment(`${path}: ${perSecond} messages/s`);
    t.ok(count > 0, `${path} was read`);
  }
});
