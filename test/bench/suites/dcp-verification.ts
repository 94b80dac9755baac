/**
 * DCP verification (@tdss/identity-hub), in one run:
 *
 * - presentations verified per second: a VC 1.1 JWT presentation (EdDSA, holder's did:web) with
 *   one MembershipCredential (ES256, issuer's did:web), verified by the DCP verifier's own
 *   createPresentationVerifier (presentation, credential, issuer trust, status lists), for
 *   TDSS_BENCH_DCP_HOLDERS (default 100) holders in turn. Cold: a resolver without cache, so each
 *   presentation resolves both DIDs over loopback HTTP and both signatures are checked (8 in
 *   flight). Warm: the resolver cache holds every document and the verifier has seen each
 *   credential before, so only the presentation's signature is checked (the credential's is
 *   remembered, see verified-credential-cache); one at a time and 4 in flight, and without that
 *   cache (both signatures checked) one at a time. Baselines: the two signatures alone with the
 *   keys imported once, by jose (WebCrypto, at 1 and 4 in flight) and by node:crypto (1 in
 *   flight), the floors of a verifier that checks both. Median of 3 interleaved rounds each, with
 *   this process's CPU time per verification (all threads) and the load average.
 * - the latency DCP adds to a DSP catalog request: the same catalog (PostgreSQL, one open
 *   dataset) in two runtimes, one authenticating with DCP (self-issued token, the consumer's
 *   credential service queried over HTTP, the presentation verified), one with
 *   @tdss/identity-dev (an HMAC token); requests alternate between them, one at a time, each
 *   with a fresh token (DCP tokens are single-use). p50/p99 of the request, of the token minting
 *   (authorize) and the deltas.
 *
 * Target (issue 4): ≥ 2000 presentations/s warm.
 *
 *   node test/bench/suites/dcp-verification.ts    # or `npm run bench dcp-verification`
 */
import { createPublicKey, type JsonWebKey, randomBytes, randomUUID, verify as verifySignature } from 'node:crypto';
import { loadavg } from 'node:os';
import controlPlane from '@tdss/control-plane';
import identityDev from '@tdss/identity-dev';
import identityHub, { KeyService } from '@tdss/identity-hub';
import type { Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { DspIdentityService, HttpServer, type Logger } from '@tdss/sdk';
import { compactVerify, importJWK, type JWK } from 'jose';
import type { Test } from 'tap';
import type { DidResolver } from '../../../plugins/identity-hub/src/resolver/did-resolver.ts';
import { createDidResolver } from '../../../plugins/identity-hub/src/resolver/create-did-resolver.ts';
import { createDidWebResolver } from '../../../plugins/identity-hub/src/resolver/did-web-resolver.ts';
import { createResolutionCache } from '../../../plugins/identity-hub/src/resolver/resolution-cache.ts';
import { deliver, epoch, issueVc11, startTestParties, type TestParty } from '../../../plugins/identity-hub/src/test-support/test-parties.ts';
import { createStatusListChecker } from '../../../plugins/identity-hub/src/status/status-list-checker.ts';
import { createTrustRegistry } from '../../../plugins/identity-hub/src/trust/create-trust-registry.ts';
import { createPresentationVerifier } from '../../../plugins/identity-hub/src/verifier/verify-presentations.ts';
import type { BenchSuite } from '../run.ts';
import { benchNumber } from './bench-env.ts';
import { localSecrets, type PluginEntry, startBenchRuntimeOnFreshDatabase } from './bench-runtime.ts';
import { inFlight } from './in-flight.ts';
import { median, percentiles, round } from './statistics.ts';

/** The trust registry logs only for dataspaces with acceptKeysWithoutRelationships, which the bench leaves off. */
const UNUSED_LOGGER = {} as Logger;

const HOLDERS = benchNumber('TDSS_BENCH_DCP_HOLDERS', 100);
const WARM_VERIFICATIONS = benchNumber('TDSS_BENCH_DCP_WARM', 10_000);
const COLD_VERIFICATIONS = benchNumber('TDSS_BENCH_DCP_COLD', 2_000);
const CATALOG_REQUESTS = benchNumber('TDSS_BENCH_DCP_CATALOG', 500);
const COLD_IN_FLIGHT = 8;
/** A verifier serves several requests at once (its DID and status-list fetches overlap; the signature checks, on node:crypto, do not). */
const WARM_IN_FLIGHT = 4;
const ROUNDS = 3;
const WARMUP = 100;
const TARGET_WARM_PER_SECOND = 2_000;
const VERIFIER = 'did:web:verifier.example';
const MEMBERSHIP = 'MembershipCredential';
const CLOCK_SKEW_MS = 30_000;
const CREDENTIAL_CACHE_ENTRIES = 10_000;

interface Sample {
  holder: TestParty;
  presentation: string;
  credential: string;
}

export const dcpVerification: BenchSuite = {
  name: 'dcp-verification',
  description: `DCP presentations verified per second (cold, warm, against bare signature checks) and the latency DCP adds to a DSP catalog request (against identity-dev)`,
  async run() {
    const cleanups: Array<() => unknown> = [];
    // The identity hub's test parties take a tap Test only to register their teardowns.
    const scope = { teardown: (cleanup: () => unknown) => void cleanups.push(cleanup) } as unknown as Test;
    try {
      const parties = await startTestParties(scope);
      const issuer = await parties.party('issuer', { algorithm: 'ES256' });
      const samples = await makeSamples(parties, issuer);
      const trust = createTrustRegistry([{ name: 'bench', trustedIssuers: [{ did: issuer.did, credentialTypes: [MEMBERSHIP] }], requiredCredentialTypes: [MEMBERSHIP] }], UNUSED_LOGGER).forParticipant('bench')!;
      // As the DCP verifier does it, after the self-issued token and the credential service query.
      const verify = (resolver: DidResolver, credentialCacheEntries = CREDENTIAL_CACHE_ENTRIES) => {
        const statusLists = createStatusListChecker({ resolver, httpLoopback: true, timeoutMs: 5_000, maxBytes: 1_048_576, cacheTtlMs: 300_000, cacheMaxEntries: 1_000 });
        const verifyPresentations = createPresentationVerifier({ resolver, statusLists, clockSkewMs: CLOCK_SKEW_MS, verifiedCredentialCacheMaxEntries: credentialCacheEntries });
        return async (sample: Sample) => {
          const { trusted } = await verifyPresentations({ trust, holder: sample.holder.did, verifier: VERIFIER, presentations: [sample.presentation], now: new Date() });
          if (trusted.length !== 1) throw new Error(`bench: ${trusted.length} trusted credentials, not 1`);
        };
      };
      const cold = verify(didWebResolver(0));
      const warm = verify(didWebResolver(3_600_000));
      const warmUncached = verify(didWebResolver(3_600_000), 0);
      const keys = await publicKeys(samples, issuer);
      const baseline = bareJoseChecks(samples, keys);
      const nodeBaseline = bareNodeCryptoChecks(samples, keys);

      process.stderr.write(`bench: dcp-verification — ${HOLDERS} holders; ${ROUNDS} rounds of cold, warm and baseline verification\n`);
      const runs = { cold: [] as Rate[], warm: [] as Rate[], warmUncached: [] as Rate[], warmConcurrent: [] as Rate[], baseline: [] as Rate[], baselineConcurrent: [] as Rate[], nodeBaseline: [] as Rate[] };
      for (let round = 0; round < ROUNDS; round++) {
        runs.cold.push(await perSecond(cold, samples, COLD_VERIFICATIONS, COLD_IN_FLIGHT));
        runs.warm.push(await perSecond(warm, samples, WARM_VERIFICATIONS, 1));
        runs.warmUncached.push(await perSecond(warmUncached, samples, WARM_VERIFICATIONS, 1));
        runs.baseline.push(await perSecond(baseline, samples, WARM_VERIFICATIONS, 1));
        runs.nodeBaseline.push(await perSecond(nodeBaseline, samples, WARM_VERIFICATIONS, 1));
        runs.warmConcurrent.push(await perSecond(warm, samples, WARM_VERIFICATIONS, WARM_IN_FLIGHT));
        runs.baselineConcurrent.push(await perSecond(baseline, samples, WARM_VERIFICATIONS, WARM_IN_FLIGHT));
      }
      const rate = (name: keyof typeof runs) => median(runs[name].map((r) => r.perSecond));
      const summary = (name: keyof typeof runs) => ({
        median: round(rate(name)),
        rounds: runs[name].map((r) => round(r.perSecond)),
        cpuUsPerVerification: round(median(runs[name].map((r) => r.cpuUs))),
      });
      const requestsBefore = parties.requests.length;
      await perSecond(warm, samples, HOLDERS, 1);
      const warmFetches = parties.requests.length - requestsBefore;

      process.stderr.write(`bench: dcp-verification — ${CATALOG_REQUESTS} catalog requests each with DCP and with identity-dev\n`);
      const catalog = await catalogLatency(issuer, cleanups);

      const warmBest = Math.max(rate('warm'), rate('warmConcurrent'));
      return {
        holders: HOLDERS,
        presentation: 'VC 1.1 JWT presentation (EdDSA) holding one MembershipCredential JWT (ES256), both issuers on did:web over loopback HTTP',
        loadAverage: loadavg().map((l) => round(l)),
        presentationsPerSecond: {
          cold: { ...summary('cold'), inFlight: COLD_IN_FLIGHT, note: 'no resolver cache: 2 did:web resolutions and 2 signature checks per presentation' },
          warm: {
            ...summary('warm'),
            inFlight: 1,
            didDocumentFetchesPerRound: warmFetches,
            note: 'resolver cache warm; the credential signature was checked before (verified credential cache), so 1 signature check per presentation',
          },
          warmConcurrent: { ...summary('warmConcurrent'), inFlight: WARM_IN_FLIGHT },
          warmWithoutCredentialCache: { ...summary('warmUncached'), inFlight: 1, note: 'verifiedCredentialCacheMaxEntries 0: both signatures checked' },
        },
        baseline: {
          name: 'the two JWS signatures alone (jose compactVerify, keys imported once)',
          perSecond: { ...summary('baseline'), inFlight: 1 },
          perSecondConcurrent: { ...summary('baselineConcurrent'), inFlight: WARM_IN_FLIGHT },
        },
        nodeCryptoBaseline: {
          name: 'the two JWS signatures alone (node:crypto verify on KeyObjects imported once, no JWS parsing beyond splitting)',
          perSecond: { ...summary('nodeBaseline'), inFlight: 1 },
        },
        ratioToBaseline: {
          warm: round(rate('warm') / rate('baseline')),
          warmConcurrent: round(rate('warmConcurrent') / rate('baselineConcurrent')),
          cold: round(rate('cold') / rate('baselineConcurrent')),
          warmToNodeCrypto: round(rate('warm') / rate('nodeBaseline')),
          warmWithoutCredentialCacheToNodeCrypto: round(rate('warmUncached') / rate('nodeBaseline')),
        },
        catalogRequest: catalog,
        target: { warmPerSecondMin: TARGET_WARM_PER_SECOND, met: warmBest >= TARGET_WARM_PER_SECOND, note: 'the better of warm at 1 and at 4 in flight' },
      };
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  },
};

async function makeSamples(parties: Awaited<ReturnType<typeof startTestParties>>, issuer: TestParty): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < HOLDERS; i++) {
    const holder = await parties.party(`holder-${i}`, { algorithm: 'EdDSA' });
    const credential = await issueVc11(issuer, { subject: holder.did, type: MEMBERSHIP, claims: { level: 'gold' } });
    const presentation = await holder.sign({
      iss: holder.did,
      sub: holder.did,
      aud: VERIFIER,
      jti: randomUUID(),
      iat: epoch(),
      exp: epoch(3600),
      vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], holder: holder.did, verifiableCredential: [credential] },
    });
    samples.push({ holder, presentation, credential });
  }
  return samples;
}

function didWebResolver(ttlMs: number): DidResolver {
  return createDidResolver({
    resolvers: [createDidWebResolver({ maxBytes: 200_000, httpLoopback: true })],
    cache: createResolutionCache({ ttlMs, maxEntries: 10_000 }),
    timeoutMs: 5_000,
  });
}

interface PublicKeys {
  /** The JWK of each holder, by DID, and the issuer's. */
  holders: Map<string, JWK>;
  issuer: JWK;
}

async function publicKeys(samples: Sample[], issuer: TestParty): Promise<PublicKeys> {
  const keyOf = async (party: TestParty) => {
    const response = await fetch(`${party.base}/did.json`);
    const document = (await response.json()) as { verificationMethod: Array<{ publicKeyJwk: JWK }> };
    return document.verificationMethod[0]!.publicKeyJwk;
  };
  const holders = new Map<string, JWK>();
  for (const sample of samples) holders.set(sample.holder.did, await keyOf(sample.holder));
  return { holders, issuer: await keyOf(issuer) };
}

/** The crypto floor as jose gives it: both signatures checked with keys imported once, nothing resolved or parsed beyond the JWS. */
function bareJoseChecks(samples: Sample[], keys: PublicKeys): (sample: Sample) => Promise<void> {
  const issuerKey = importJWK(keys.issuer, 'ES256');
  const holderKeys = new Map(samples.map((sample) => [sample.holder.did, importJWK(keys.holders.get(sample.holder.did)!, 'EdDSA')]));
  return async (sample) => {
    await compactVerify(sample.presentation, await holderKeys.get(sample.holder.did)!, { algorithms: ['EdDSA'] });
    await compactVerify(sample.credential, await issuerKey, { algorithms: ['ES256'] });
  };
}

/** The crypto floor of node:crypto: both signatures, nothing else (no header read, no alg check, no payload decoded). */
function bareNodeCryptoChecks(samples: Sample[], keys: PublicKeys): (sample: Sample) => Promise<void> {
  const keyObject = (jwk: JWK) => createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const issuerKey = { key: keyObject(keys.issuer), dsaEncoding: 'ieee-p1363' as const };
  const holderKeys = new Map(samples.map((sample) => [sample.holder.did, keyObject(keys.holders.get(sample.holder.did)!)]));
  const check = (jws: string, digest: string | undefined, key: Parameters<typeof verifySignature>[2]) => {
    const end = jws.lastIndexOf('.');
    if (!verifySignature(digest, Buffer.from(jws.slice(0, end)), key, Buffer.from(jws.slice(end + 1), 'base64url'))) throw new Error('bench: a signature does not verify');
  };
  return async (sample) => {
    check(sample.presentation, undefined, holderKeys.get(sample.holder.did)!);
    check(sample.credential, 'sha256', issuerKey);
  };
}

interface Rate {
  perSecond: number;
  /** This process's CPU time per verification, all threads (jose's WebCrypto checks run on libuv's pool). */
  cpuUs: number;
}

/** Verifications per second over `count` presentations, `concurrency` at a time, after a warm-up. */
async function perSecond(verify: (sample: Sample) => Promise<void>, samples: Sample[], count: number, concurrency: number): Promise<Rate> {
  for (let i = 0; i < Math.min(WARMUP, count); i++) await verify(samples[i % samples.length]!);
  const run = await inFlight(count, concurrency, (i) => verify(samples[i % samples.length]!));
  return { perSecond: count / run.seconds, cpuUs: (run.cpuMs * 1000) / count };
}

interface CatalogRuntime {
  /** Mints a token (the consumer's side) and makes one catalog request; returns both durations in ms. */
  request(): Promise<{ authorizeMs: number; requestMs: number }>;
}

/** The catalog through DCP and through identity-dev, requests alternating, one at a time. */
async function catalogLatency(issuer: TestParty, cleanups: Array<() => unknown>) {
  const dcp = await startDcpCatalog(issuer, cleanups);
  const dev = await startDevCatalog(cleanups);
  const runs = { dcp: [] as Array<{ authorizeMs: number; requestMs: number }>, dev: [] as Array<{ authorizeMs: number; requestMs: number }> };
  for (let i = 0; i < WARMUP + CATALOG_REQUESTS; i++) {
    const a = await dcp.request();
    const b = await dev.request();
    if (i >= WARMUP) {
      runs.dcp.push(a);
      runs.dev.push(b);
    }
  }
  const stats = (samples: Array<{ authorizeMs: number; requestMs: number }>) => ({
    requestMs: percentiles(samples.map((s) => s.requestMs)),
    authorizeMs: percentiles(samples.map((s) => s.authorizeMs)),
    totalMs: percentiles(samples.map((s) => s.authorizeMs + s.requestMs)),
  });
  const withDcp = stats(runs.dcp);
  const withDev = stats(runs.dev);
  return {
    requests: CATALOG_REQUESTS,
    withDcp: { ...withDcp, note: 'provider verifies the self-issued token, queries the consumer credential service over HTTP, verifies the presentation (warm resolver cache)' },
    withIdentityDev: withDev,
    addedByDcpMs: {
      request: { p50: round(withDcp.requestMs.p50 - withDev.requestMs.p50), p99: round(withDcp.requestMs.p99 - withDev.requestMs.p99) },
      total: { p50: round(withDcp.totalMs.p50 - withDev.totalMs.p50), p99: round(withDcp.totalMs.p99 - withDev.totalMs.p99) },
    },
  };
}

async function startRuntime(name: string, plugins: PluginEntry[], cleanups: Array<() => unknown>): Promise<Runtime> {
  const started = await startBenchRuntimeOnFreshDatabase(name, plugins);
  cleanups.push(started.stop);
  return started.runtime;
}

/** A provider participant context whose catalog has one dataset open to everyone. */
async function offerCatalog(runtime: Runtime, id: string, participantId: string): Promise<string> {
  const management = `${runtime.get(HttpServer).url('management')}/v1/participants`;
  const steps: Array<[string, unknown]> = [
    [management, { id, participantId }],
    [`${management}/${id}/policydefinitions`, { '@id': 'everyone', policy: { permission: [{ action: 'use' }] } }],
    [`${management}/${id}/assets`, { '@id': 'report', properties: { name: 'report' }, dataAddress: { type: 'HttpData', baseUrl: 'https://data.example/report' } }],
    [`${management}/${id}/contractdefinitions`, { '@id': 'open', accessPolicyId: 'everyone', contractPolicyId: 'everyone' }],
  ];
  for (const [url, body] of steps) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  }
  return `${runtime.get(HttpServer).url('protocol')}/${id}/2025-1`;
}

function catalogRequester(identity: DspIdentityService, consumer: { id: string; did: string }, provider: { did: string; address: string }): CatalogRuntime {
  const body = JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' });
  return {
    async request() {
      const started = performance.now();
      const authorization = await identity.authorize({ participantContextId: consumer.id, participantId: consumer.did, counterpartyId: provider.did, counterpartyAddress: provider.address });
      const authorized = performance.now();
      const response = await fetch(`${provider.address}/catalog/request`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as { dataset?: unknown[] };
      if (response.status !== 200 || answer.dataset?.length !== 1) throw new Error(`catalog request answered ${response.status}: ${JSON.stringify(answer)}`);
      return { authorizeMs: authorized - started, requestMs: performance.now() - authorized };
    },
  };
}

async function startDcpCatalog(issuer: TestParty, cleanups: Array<() => unknown>): Promise<CatalogRuntime> {
  const runtime = await startRuntime('bench-dcp', [
    localSecrets(),
    {
      plugin: identityHub,
      settings: {
        didWebHttpLoopback: true,
        dcpHttpLoopback: true,
        dataspaces: [{ name: 'bench', trustedIssuers: [{ did: issuer.did, credentialTypes: [MEMBERSHIP] }], requiredCredentialTypes: [MEMBERSHIP] }],
      },
    },
    { plugin: policyEngine },
    { plugin: controlPlane },
  ], cleanups);
  const keys = runtime.get(KeyService);
  const didOf = async (id: string) => (await keys.create(id)).verificationMethodId.split('#')[0]!;
  const consumer = { id: 'consumer', did: await didOf('consumer') };
  const provider = { id: 'provider', did: await didOf('provider') };
  const protocol = runtime.get(HttpServer).url('protocol');
  const delivered = await deliver(issuer, { did: consumer.did, credentialService: `${protocol}/dcp/${consumer.id}` }, [
    { type: MEMBERSHIP, payload: await issueVc11(issuer, { subject: consumer.did, type: MEMBERSHIP, claims: { level: 'gold' } }) },
  ]);
  if (!delivered.ok) throw new Error(`delivering the consumer's credential answered ${delivered.status}: ${await delivered.text()}`);
  const address = await offerCatalog(runtime, provider.id, provider.did);
  return catalogRequester(runtime.get(DspIdentityService), consumer, { did: provider.did, address });
}

async function startDevCatalog(cleanups: Array<() => unknown>): Promise<CatalogRuntime> {
  const runtime = await startRuntime('bench-dev', [
    { plugin: identityDev, settings: { secret: randomBytes(32).toString('hex'), tokenTtlSeconds: 3600 } },
    { plugin: policyEngine },
    { plugin: controlPlane },
  ], cleanups);
  const provider = { did: 'did:web:provider.example', address: await offerCatalog(runtime, 'provider', 'did:web:provider.example') };
  return catalogRequester(runtime.get(DspIdentityService), { id: 'consumer', did: 'did:web:consumer.example' }, provider);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await dcpVerification.run(), null, 2)}\n`);
}
