/**
 * Test support: a real node-opcua server on loopback with a few variables of a `Plant` object, a
 * counter changing on a timer (every value it set is recorded, to compare with what consumers
 * get; it is reported on change, not sampled, so a monitored item with sampling interval 0 sees
 * every value), endpoints None and SignAndEncrypt/Basic256Sha256 (Sign is not offered), username/password
 * users, X509 users whose certificate it trusts, and no anonymous access. Its PKI folders live in a temp dir of the test.
 */
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { CertificatePurpose, createSelfSignedCertificate, generatePrivateKey, privateKeyToPEM } from 'node-opcua-crypto';
import { nodesets } from 'node-opcua-nodesets';
import { DataType, MessageSecurityMode, SecurityPolicy, Variant } from 'node-opcua-client';
import { OPCUAServer } from 'node-opcua-server';
import { createTempDir, freePort } from '@tdss/testing';
import type { Test } from 'tap';

export const USERS: Record<string, string> = { operator: 'operator-secret-1' };
export const NAMESPACE = 'urn:tdss:test:plant';

export interface TestOpcUaServer {
  endpointUrl: string;
  /** Node ids (`ns=1;s=…`) of the variables. */
  nodes: { counter: string; temperature: string; label: string };
  /** Every value the counter was set to, in order. */
  counterHistory: number[];
  /** The current values. */
  counter(): number;
  temperature(): number;
  label(): string;
  /** Stops and restarts the timer (values stay as they are meanwhile). */
  pause(): void;
  resume(): void;
  /** Sessions open on the server now. */
  sessionCount(): number;
  /** A new user certificate and its private key (PEM), trusted by the server for X509 identities or not. */
  userCertificate(trusted: boolean): Promise<{ certificate: string; privateKey: string }>;
  /** Stops the server (restart with `start`, same port and certificate). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startOpcUaServer(t: Test, options: { counterEveryMs?: number } = {}): Promise<TestOpcUaServer> {
  const dir = await createTempDir(t, 'tdss-opcua-server-');
  const port = await freePort();
  const serverPki = new OPCUACertificateManager({ rootFolder: join(dir, 'pki'), automaticallyAcceptUnknownCertificate: true });
  const userPki = new OPCUACertificateManager({ rootFolder: join(dir, 'user-pki'), automaticallyAcceptUnknownCertificate: false });
  const counterHistory: number[] = [];
  let counter = 0;
  let temperature = 21.5;
  const label = 'line-1';
  let server: OPCUAServer | undefined;
  let timer: NodeJS.Timeout | undefined;

  const start = async () => {
    server = new OPCUAServer({
      port,
      host: '127.0.0.1',
      hostname: '127.0.0.1',
      nodeset_filename: [nodesets.standard],
      serverCertificateManager: serverPki,
      userCertificateManager: userPki,
      securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
      securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
      allowAnonymous: false,
      userManager: { isValidUser: (user: string, password: string) => USERS[user] === password },
      buildInfo: { productName: 'tdss-test-plant' },
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace!;
    const namespace = addressSpace.getOwnNamespace();
    const plant = namespace.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'Plant', nodeId: 's=Plant' });
    const counterNode = namespace.addVariable({ componentOf: plant, browseName: 'Counter', nodeId: 's=Plant.Counter', dataType: 'Int32', minimumSamplingInterval: 0 });
    counterNode.setValueFromSource(new Variant({ dataType: DataType.Int32, value: counter }));
    namespace.addVariable({
      componentOf: plant, browseName: 'Temperature', nodeId: 's=Plant.Temperature', dataType: 'Double', minimumSamplingInterval: 10,
      value: { get: () => new Variant({ dataType: DataType.Double, value: temperature }) },
    });
    namespace.addVariable({ componentOf: plant, browseName: 'Label', nodeId: 's=Plant.Label', dataType: 'String', minimumSamplingInterval: 100, value: { get: () => new Variant({ dataType: DataType.String, value: label }) } });
    await server.start();
    tick = () => {
      counter += 1;
      counterHistory.push(counter);
      counterNode.setValueFromSource(new Variant({ dataType: DataType.Int32, value: counter }));
      temperature = Math.round((temperature + 0.25) * 100) / 100;
    };
    resume();
  };
  let tick = () => {};
  const resume = () => {
    clearInterval(timer);
    timer = setInterval(() => tick(), options.counterEveryMs ?? 100);
  };
  const stop = async () => {
    clearInterval(timer);
    await server?.shutdown(0);
    server = undefined;
  };
  await start();
  t.teardown(async () => {
    await stop();
    await serverPki.dispose();
    await userPki.dispose();
  });
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}`,
    nodes: { counter: 'ns=1;s=Plant.Counter', temperature: 'ns=1;s=Plant.Temperature', label: 'ns=1;s=Plant.Label' },
    counterHistory,
    counter: () => counter,
    temperature: () => temperature,
    label: () => label,
    pause: () => clearInterval(timer),
    resume,
    sessionCount: () => server?.currentSessionCount ?? 0,
    async userCertificate(trusted) {
      const key = await generatePrivateKey(2048);
      const { cert } = await createSelfSignedCertificate({ privateKey: key, subject: '/CN=plant-operator', purpose: CertificatePurpose.ForUserAuthentication, validity: 30 });
      if (trusted) await userPki.trustCertificate(Buffer.from(cert.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64'));
      return { certificate: cert, privateKey: (await privateKeyToPEM(key)).privPem };
    },
    stop,
    start,
  };
}
