import t from 'tap';
import { sampleDataFlow } from './data-flow-store-contract.ts';
import { createMemoryDataFlowStore, type DataFlowStore } from './data-flow-store.ts';
import { createFlowOwnership } from './flow-ownership.ts';

/** A replica's ownership whose work is recorded: what started and stopped where. */
function replica(store: DataFlowStore, owner: string, log: string[], leaseMs = 60_000) {
  return createFlowOwnership({
    store,
    owner,
    leaseMs,
    runs: (flow) => flow.profile === 'X-PUSH',
    start: (flow) => void log.push(`${owner} start ${flow.id}@${flow.tokenGeneration}`),
    stop: (id) => void log.push(`${owner} stop ${id}`),
  });
}

async function started(store: DataFlowStore, ids: string[]) {
  for (const id of ids) await store.create({ ...sampleDataFlow(id), profile: 'X-PUSH' });
}

t.test('two replicas starting on one store run each STARTED flow once', async (t) => {
  const store = createMemoryDataFlowStore();
  await started(store, ['f1', 'f2', 'f3']);
  await store.create(sampleDataFlow('pull')); // X-PULL: no work to run
  await store.create({ ...sampleDataFlow('suspended', 'SUSPENDED'), profile: 'X-PUSH' });
  const log: string[] = [];
  const [a, b] = [replica(store, 'a', log), replica(store, 'b', log)];
  await Promise.all([a.open(), b.open(), a.reconcile(), b.reconcile()]);
  t.teardown(() => Promise.all([a.close(), b.close()]));
  t.same([...a.running(), ...b.running()].sort(), ['f1', 'f2', 'f3'], 'every push flow runs, in one replica');
  t.equal(log.length, 3, 'each started once');

  await b.close();
  await a.reconcile();
  t.same(a.running().sort(), ['f1', 'f2', 'f3'], 'a replica that stops gives its flows up, the other takes them at its next round');
  t.equal(log.filter((line) => line.includes('start')).length, 3, 'no flow ran twice at a time');
});

t.test('a crashed replica\'s flows wait for its leases to expire', async (t) => {
  const store = createMemoryDataFlowStore();
  await started(store, ['f1', 'f2']);
  const log: string[] = [];
  const crashed = replica(store, 'crashed', log, 200);
  await crashed.reconcile();
  const survivor = replica(store, 'survivor', log, 200);
  await survivor.reconcile();
  t.same(survivor.running(), [], 'live leases are left alone');
  await new Promise((resolve) => setTimeout(resolve, 250));
  await survivor.reconcile();
  t.same(survivor.running().sort(), ['f1', 'f2'], 'expired ones are taken over');
  await crashed.reconcile();
  t.same(crashed.running(), [], 'the stuck replica stops what was taken over once it renews');
  t.match(log, ['crashed start f1@1', 'crashed start f2@1', 'survivor start f1@1', 'survivor start f2@1', 'crashed stop f1', 'crashed stop f2']);
  await survivor.close();
});

t.test('changes handled by another replica reach the one running the flow', async (t) => {
  const store = createMemoryDataFlowStore();
  await started(store, ['f1', 'f2']);
  const log: string[] = [];
  const runner = replica(store, 'runner', log);
  const other = replica(store, 'other', log);
  await runner.reconcile();
  const f1 = (await store.get('f1'))!;
  await store.update({ ...f1, state: 'SUSPENDED' });
  await other.end('f1'); // the suspend, handled by the other replica
  const f2 = (await store.get('f2'))!;
  await store.update({ ...f2, tokenGeneration: 3 }); // a suspend and a resume handled elsewhere
  await other.claim({ ...f2, tokenGeneration: 3 }); // the resume's claim: the runner still holds the lease
  log.length = 0;
  await runner.reconcile();
  t.same(log, ['runner stop f1', 'runner stop f2', 'runner start f2@3'], 'a suspended flow stops; one with a new generation runs again with it');
  t.same(other.running(), [], 'the other replica runs nothing');

  await other.claim({ ...(await store.get('f2'))!, id: 'f3' });
  t.same(other.running(), ['f3'], 'a claim of a flow nobody holds runs it at once');
  await Promise.all([runner.close(), other.close()]);
  t.same(await store.leases!('x', 1000).acquire('f3'), true, 'closing gives the leases up');
});

t.test('a flow claimed while a reconcile lists the store keeps running: the listing did not see it, it is not stopped for that', async (t) => {
  const base = createMemoryDataFlowStore();
  await started(base, ['f1']);
  const log: string[] = [];
  let claimDuringList: (() => Promise<void>) | undefined;
  const store: DataFlowStore = {
    ...base,
    async list(query) {
      const page = await base.list(query);
      const during = claimDuringList;
      claimDuringList = undefined;
      await during?.();
      return page;
    },
  };
  const runner = replica(store, 'runner', log);
  t.teardown(() => runner.close());
  claimDuringList = async () => {
    await started(base, ['f2']);
    await runner.claim((await base.get('f2'))!);
  };
  await runner.reconcile();
  t.same(runner.running().sort(), ['f1', 'f2'], 'both run');
  t.same(log, ['runner start f2@1', 'runner start f1@1'], 'each started once, none stopped');
  t.equal(await store.leases!('x', 1000).acquire('f2'), false, 'its lease is still held');
});
