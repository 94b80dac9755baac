/**
 * DCP verification (@tdss/identity-hub), in one run:
 *
 * - presentations verified per second: a VC 1.1 JWT presentation (EdDSA, holder's did:web) with
 *   one MembershipCredential (ES256, issuer's did:web), verified as the DCP verifier does it
 *   (readPresentation, verifyCredential, issuer trust), for TDSS_BENCH_DCP_HOLDERS (default 100)
 *   holders in turn. Cold: a resolver without cache, so each presentation resolves both DIDs
 *   over loopback HTTP (8 in flight). Warm: the resolver cache holds every document, one at a time
 *   and 4 in flight (WebCrypto checks signatures on libuv's thread pool, so concurrent requests
 *   overlap). Baseline: the two signatures alone, checked by jose with the keys imported once
 *   (the floor of any verifier), at 1 and 4 in flight. Median of 3 interleaved rounds each.
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
import { randomBytes, randomUUID } from 'node:crypto';
import controlPlane from '@tdss/control-plane';
import identityDev from '@tdss/identity-dev';
import identityHub, { KeyService } from '@tdss/identity-hub';
import type { Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { DspIdentityService, HttpServer } from '@tdss/sdk';
import { compactVerify, importJWK, type JWK } from 'jose';
import type { Test } from 'tap';
import { verifyCredential } from '../../../plugins/identity-hub/src/credentials/verify-credential.ts';
import type { DidResolver } from '../../../plugins/identity-hub/src/resolver/did-resolver.ts';
import { createDidResolver } from '../../../plugins/identity-hub/src/resolver/create-did-resolver.ts';
import { createDidWebResolver } from '../../../plugins/identity-hub/src/resolver/did-web-resolver.ts';
import { createResolutionCache } from '../../../plugins/identity-hub/src/resolver/resolution-cache.ts';
import { deliver, epoch, issueVc11, startTestParties, type TestParty } from '../../../plugins/identity-hub/src/test-support/test-parties.ts';
import { checkIssuerTrust } from '../../../plugins/identity-hub/src/trust/check-issuer-trust.ts';
import { createTrustRegistry } from '../../../plugins/identity-hub/src/trust/create-trust-registry.ts';
import { readPresentation } from '../../../plugins/identity-hub/src/verifier/read-presentation.ts';
import type { BenchSuite } from '../run.ts';
import { benchNumber } from './bench-env.ts';
import { localSecrets, type PluginEntry, startBenchRuntimeOnFreshDatabase } from './bench-runtime.ts';
import { inFlight } from './in-flight.ts';
import { median, percentiles, round } from './statistics.ts';

const HOLDERS = benchNumber('TDSS_BENCH_DCP_HOLDERS', 100);
const WARM_VERIFICATIONS = benchNumber('TDSS_BENCH_DCP_WARM', 10_000);
const COLD_VERIFICATIONS = benchNumber('TDSS_BENCH_DCP_COLD', 2_000);
const CATALOG_REQUESTS = benchNumber('TDSS_BENCH_DCP_CATALOG', 500);
const COLD_IN_FLIGHT = 8;
/** WebCrypto checks signatures on libuv's pool (4 threads): a verifier serving several requests at once overlaps them. */
const WARM_IN_FLIGHT = 4;
const ROUNDS = 3;
const WARMUP = 100;
const TARGET_WARM_PER_SECOND = 2_000;
const VERIFIER = 'did:web:verifier.example';
const MEMBERSHIP = 'MembershipCredential';
const CLOCK_SKEW_MS = 30_000;

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
      const trust = createTrustRegistry([{ name: 'bench', trustedIssuers: [{ did: issuer.did, credentialTypes: [MEMBERSHIP] }], requiredCredentialTypes: [MEMBERSHIP] }]).forParticipant('bench')!;
      const verify = (resolver: DidResolver) => async (sample: Sample) => {
        const now = new Date();
        const presented = await readPresentation(sample.presentation, { resolver, holder: sample.holder.did, verifier: VERIFIER, now, clockSkewMs: CLOCK_SKEW_MS });
        for (const raw of presented.credentials) {
          checkIssuerTrust(trust, await verifyCredential(raw, { resolver, holder: sample.holder.did, now, clockSkewMs: CLOCK_SKEW_MS }));
        }
      };
      const cold = verify(didWebResolver(0));
      const warm = verify(didWebResolver(3_600_000));
      const baseline = await bareSignatureChecks(samples, issuer);

      process.stderr.write(`bench: dcp-verification — ${HOLDERS} holders; ${ROUNDS} rounds of cold, warm and baseline verification\n`);
      const rates = { cold: [] as number[], warm: [] as number[], warmConcurrent: [] as number[], baseline: [] as number[], baselineConcurrent: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        rates.cold.push(await perSecond(cold, samples, COLD_VERIFICATIONS, COLD_IN_FLIGHT));
        rates.warm.push(await perSecond(warm, samples, WARM_VERIFICATIONS, 1));
        rates.baseline.push(await perSecond(baseline, samples, WARM_VERIFICATIONS, 1));
        rates.warmConcurrent.push(await perSecond(warm, samples, WARM_VERIFICATIONS, WARM_IN_FLIGHT));
        rates.baselineConcurrent.push(await perSecond(baseline, samples, WARM_VERIFICATIONS, WARM_IN_FLIGHT));
      }
      const summary = (values: number[]) => ({ median: round(median(values)), rounds: values.map((r) => round(r)) });
      const requestsBefore = parties.requests.length;
      await perSecond(warm, samples, HOLDERS, 1);
      const warmFetches = parties.requests.length - requestsBefore;

      process.stderr.write(`bench: dcp-verification — ${CATALOG_REQUESTS} catalog requests each with DCP and with identity-dev\n`);
      const catalog = await catalogLatency(issuer, cleanups);

      const warmBest = Math.max(median(rates.warm), median(rates.warmConcurrent));
      return {
        holders: HOLDERS,
        presentation: 'VC 1.1 JWT presentation (EdDSA) holding one MembershipCredential JWT (ES256), both issuers on did:web over loopback HTTP',
        presentationsPerSecond: {
          cold: { ...summary(rates.cold), inFlight: COLD_IN_FLIGHT, note: 'no resolver cache: 2 did:web resolutions per presentation' },
          warm: { ...summary(rates.warm), inFlight: 1, didDocumentFetchesPerRound: warmFetches },
          warmConcurrent: { ...summary(rates.warmConcurrent), inFlight: WARM_IN_FLIGHT },
        },
        baseline: {
          name: 'the two JWS signatures alone (jose compactVerify, keys imported once)',
          perSecond: { ...summary(rates.baseline), inFlight: 1 },
          perSecondConcurrent: { ...summary(rates.baselineConcurrent), inFlight: WARM_IN_FLIGHT },
        },
        ratioToBaseline: {
          warm: round(median(rates.warm) / median(rates.baseline)),
          warmConcurrent: round(median(rates.warmConcurrent) / median(rates.baselineConcurrent)),
          cold: round(median(rates.cold) / median(rates.baselineConcurrent)),
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

/** The crypto floor: both signatures checked with keys imported once, nothing resolved or parsed beyond the JWS. */
async function bareSignatureChecks(samples: Sample[], issuer: TestParty): Promise<(sample: Sample) => Promise<void>> {
  const keyOf = async (party: TestParty, alg: string) => {
    const response = await fetch(`${party.base}/did.json`);
    const document = (await response.json()) as { verificationMethod: Array<{ publicKeyJwk: JWK }> };
    return importJWK(document.verificationMethod[0]!.publicKeyJwk, alg);
  };
  const issuerKey = await keyOf(issuer, 'ES256');
  const holderKeys = new Map<string, Awaited<ReturnType<typeof importJWK>>>();
  for (const sample of samples) holderKeys.set(sample.holder.did, await keyOf(sample.holder, 'EdDSA'));
  return async (sample) => {
    await compactVerify(sample.presentation, holderKeys.get(sample.holder.did)!, { algorithms: ['EdDSA'] });
    await compactVerify(sample.credential, issuerKey, { algorithms: ['ES256'] });
  };
}

/** Verifications per second over `count` presentations, `concurrency` at a time, after a warm-up. */
async function perSecond(verify: (sample: Sample) => Promise<void>, samples: Sample[], count: number, concurrency: number): Promise<number> {
  for (let i = 0; i < Math.min(WARMUP, count); i++) await verify(samples[i % samples.length]!);
  const run = await inFlight(count, concurrency, (i) => verify(samples[i % samples.length]!));
  return count / run.seconds;
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
