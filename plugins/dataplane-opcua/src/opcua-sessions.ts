/**
 * OPC UA connections shared by flows: one client, session and subscription (per publishing
 * interval) for each participant context, endpoint, security mode/policy and credentials; flows
 * lease it and add their own monitored items. node-opcua reconnects a lost connection (and repairs
 * the session and its subscriptions); a server gone for longer than `serverGoneMs` is reported to
 * every lease (the flows tell the control plane). The last release closes the session.
 *
 * Failures at the start are ProblemErrors: 400 (a refusal: the transfer ends) for what trying
 * again cannot fix (no endpoint with the security asked for, credentials or nodes refused), 502
 * (retryable) for a server that cannot be reached.
 */
import {
  AttributeIds,
  type ClientSession,
  type ClientSubscription,
  makeBrowsePath,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  type UserIdentityInfo,
} from 'node-opcua-client';
import type { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { type Logger, ProblemError } from '@tdss/sdk';
import { type ReadSecret, resolveIdentity } from './credentials.ts';
import { nodeValue, type NodeValue } from './node-value.ts';
import type { Intervals, OpcUaSource } from './source-address.ts';

export interface OpcUaLease {
  /** The asset's nodes: its node ids, then its browse paths resolved. */
  readonly nodeIds: readonly string[];
  /** Current values, read from the server (not from a cache). */
  read(): Promise<NodeValue[]>;
  /** Data changes of the nodes, in the order the server published them (the current values first). */
  monitor(intervals: Intervals, onChange: (value: NodeValue) => void): Promise<{ stop(): Promise<void> }>;
  /** Called once the server has been unreachable for `serverGoneMs`. */
  onGone(listener: (reason: string) => void): void;
  release(): Promise<void>;
}

export interface OpcUaSessions {
  acquire(source: OpcUaSource, participantContextId: string): Promise<OpcUaLease>;
  /** Connections open now (tests, metrics). */
  size(): number;
  closeAll(): Promise<void>;
}

export interface OpcUaSessionsOptions {
  pki: () => OPCUACertificateManager;
  readSecret: ReadSecret;
  connectTimeoutMs: number;
  serverGoneMs: number;
  applicationName: string;
  logger: Logger;
}

interface Connection {
  client: OPCUAClient;
  session: ClientSession;
  refs: number;
  /** Set by the last release: an acquire that raced with it must open a new connection. */
  closing: boolean;
  subscriptions: Map<number, Promise<ClientSubscription>>;
  gone: Set<(reason: string) => void>;
  goneTimer?: NodeJS.Timeout;
}

const refusal = (detail: string) => new ProblemError(400, detail, { type: 'opcua-refused' });
const unreachable = (detail: string) => new ProblemError(502, detail, { type: 'opcua-unavailable' });

/** Session errors trying again cannot fix: identity or security refused. */
const REFUSED_SESSION = /BadUserAccessDenied|BadIdentityToken|BadCertificate|BadSecurity|BadUserSignatureInvalid|user token policy/;
/** Per-node read results that make an asset unservable. */
const UNSERVABLE_NODE = new Set<number>([StatusCodes.BadNodeIdUnknown.value, StatusCodes.BadNodeIdInvalid.value, StatusCodes.BadNotReadable.value, StatusCodes.BadAttributeIdInvalid.value, StatusCodes.BadUserAccessDenied.value]);

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/**
 * What may go back to the control plane (and on to the counterparty) of a connection failure: a
 * status name or error code, never the text, which can hold the server's address.
 */
const cause = (error: unknown) => /\b(Bad\w+)/.exec(message(error))?.[1] ?? (error as { code?: unknown } | null)?.code ?? 'see the provider data plane log';

export function createOpcUaSessions(options: OpcUaSessionsOptions): OpcUaSessions {
  const connections = new Map<string, Promise<Connection>>();

  const withTimeout = async <T>(work: Promise<T>, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unreachable(`${what} did not succeed within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const open = async (source: OpcUaSource, identity: UserIdentityInfo): Promise<Connection> => {
    const client = OPCUAClient.create({
      applicationName: options.applicationName,
      clientCertificateManager: options.pki(),
      securityMode: MessageSecurityMode[source.securityMode],
      securityPolicy: SecurityPolicy[source.securityPolicy],
      endpointMustExist: false,
      keepSessionAlive: true,
      // Reconnect for ever: the flows decide (serverGoneMs) when a server is gone for good.
      connectionStrategy: { maxRetry: -1, initialDelay: 200, maxDelay: 2000, randomisationFactor: 0.2 },
    });
    try {
      // Details and the endpoint go to this log only: messages leave through the control plane.
      const failed = (error: unknown, what: string) => options.logger.warn({ endpoint: source.endpointUrl, err: error }, `dataplane-opcua: ${what} failed`);
      await withTimeout(client.connect(source.endpointUrl), 'connecting to the OPC UA server').catch((error: unknown) => {
        failed(error, 'connecting');
        if (/Cannot find an Endpoint/i.test(message(error))) {
          throw refusal(`the OPC UA server offers no endpoint with security mode ${source.securityMode} and policy ${source.securityPolicy}`);
        }
        // Until an operator trusts it (moves it from the PKI's rejected folder to trusted/certs).
        const untrusted = /server Certificate verification failed with err (Bad\w+)/i.exec(message(error));
        if (untrusted) throw refusal(`the OPC UA server presented a certificate this data plane does not trust (${untrusted[1]})`);
        throw error instanceof ProblemError ? error : unreachable(`the OPC UA server cannot be reached (${cause(error)})`);
      });
      const session = await withTimeout(client.createSession(identity), 'opening a session').catch((error: unknown) => {
        failed(error, 'opening a session');
        if (REFUSED_SESSION.test(message(error))) throw refusal(`the OPC UA server refused the session (${source.identity.type} identity, ${source.securityMode}): ${message(error)}`);
        throw error instanceof ProblemError ? error : unreachable(`the OPC UA server opened no session (${cause(error)})`);
      });
      const connection: Connection = { client, session, refs: 0, closing: false, subscriptions: new Map(), gone: new Set() };
      client.on('connection_lost', () => {
        options.logger.warn({ endpoint: source.endpointUrl }, 'dataplane-opcua: connection lost; reconnecting');
        // Counted from the first loss: failed reconnection attempts do not postpone it.
        connection.goneTimer ??= setTimeout(() => {
          const reason = `the OPC UA server has been unreachable for more than ${options.serverGoneMs} ms`;
          for (const listener of connection.gone) listener(reason);
        }, options.serverGoneMs);
      });
      client.on('connection_reestablished', () => {
        options.logger.info({ endpoint: source.endpointUrl }, 'dataplane-opcua: connection re-established');
        clearTimeout(connection.goneTimer);
        connection.goneTimer = undefined;
      });
      return connection;
    } catch (error) {
      await client.disconnect().catch(() => undefined);
      throw error;
    }
  };

  const close = async (connection: Connection) => {
    clearTimeout(connection.goneTimer);
    await connection.session.close(true).catch(() => undefined);
    await connection.client.disconnect().catch(() => undefined);
  };

  const subscription = (connection: Connection, publishingIntervalMs: number) => {
    let created = connection.subscriptions.get(publishingIntervalMs);
    if (!created) {
      created = connection.session.createSubscription2({
        requestedPublishingInterval: publishingIntervalMs,
        requestedLifetimeCount: 600,
        requestedMaxKeepAliveCount: 20,
        maxNotificationsPerPublish: 1000,
        publishingEnabled: true,
        priority: 1,
      });
      created.catch(() => connection.subscriptions.delete(publishingIntervalMs));
      connection.subscriptions.set(publishingIntervalMs, created);
    }
    return created;
  };

  const resolveNodes = async (session: ClientSession, source: OpcUaSource): Promise<string[]> => {
    if (source.browsePaths.length === 0) return [...source.nodes];
    const paths = source.browsePaths.map((path) => {
      try {
        return makeBrowsePath('RootFolder', path);
      } catch (error) {
        throw refusal(`browse path ${JSON.stringify(path)} cannot be parsed (${message(error)})`);
      }
    });
    const results = await session.translateBrowsePath(paths);
    return [
      ...source.nodes,
      ...results.map((result, index) => {
        const target = result.targets?.[0];
        if (!result.statusCode.isGood() || !target) throw refusal(`browse path ${JSON.stringify(source.browsePaths[index])} finds no node (${result.statusCode.name})`);
        return target.targetId.toString();
      }),
    ];
  };

  return {
    async acquire(source, participantContextId) {
      const { identity, fingerprint } = await resolveIdentity(source.identity, participantContextId, options.readSecret);
      const key = JSON.stringify([participantContextId, source.endpointUrl, source.securityMode, source.securityPolicy, fingerprint]);
      const connect = async (): Promise<Connection> => {
        let pending = connections.get(key);
        if (!pending) {
          pending = open(source, identity);
          connections.set(key, pending);
          pending.catch(() => connections.delete(key));
        }
        const connection = await pending;
        return connection.closing ? connect() : connection;
      };
      const connection = await connect();
      connection.refs += 1;
      const listeners = new Set<(reason: string) => void>();
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        for (const listener of listeners) connection.gone.delete(listener);
        connection.refs -= 1;
        if (connection.refs > 0) return;
        connection.closing = true;
        connections.delete(key);
        await close(connection);
      };
      try {
        const nodeIds = await resolveNodes(connection.session, source);
        const read = async () => {
          const values = await connection.session.read(nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })), 0).catch((error: unknown) => {
            options.logger.warn({ endpoint: source.endpointUrl, err: error }, 'dataplane-opcua: reading failed');
            throw unreachable(`reading from the OPC UA server failed (${cause(error)})`);
          });
          return values.map((value, index) => nodeValue(nodeIds[index]!, value));
        };
        // A node the server does not know (or does not let us read) makes the asset unservable: refuse now.
        const unservable = (await read()).find((value) => UNSERVABLE_NODE.has(value.statusCode.value));
        if (unservable) throw refusal(`node ${unservable.nodeId} cannot be read (${unservable.statusCode.name})`);
        return {
          nodeIds,
          read,
          async monitor(intervals, onChange) {
            const items = await subscription(connection, intervals.publishingIntervalMs)
              .then((created) =>
                created.monitorItems(
                  nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
                  { samplingInterval: intervals.samplingIntervalMs, queueSize: 1000, discardOldest: true },
                  TimestampsToReturn.Both,
                ),
              )
              .catch((error: unknown) => {
                options.logger.warn({ endpoint: source.endpointUrl, err: error }, 'dataplane-opcua: subscribing failed');
                throw unreachable(`subscribing on the OPC UA server failed (${cause(error)})`);
              });
            items.on('changed', (_item, dataValue, index) => onChange(nodeValue(nodeIds[index]!, dataValue)));
            let stopped: Promise<void> | undefined;
            // Terminating a group twice trips an assertion inside node-opcua: once it is.
            return { stop: () => (stopped ??= items.terminate().catch(() => undefined)) };
          },
          onGone(listener) {
            listeners.add(listener);
            connection.gone.add(listener);
          },
          release,
        };
      } catch (error) {
        await release();
        throw error;
      }
    },
    size: () => connections.size,
    async closeAll() {
      const open = await Promise.allSettled([...connections.values()]);
      connections.clear();
      await Promise.all(open.map((result) => (result.status === 'fulfilled' ? close(result.value) : undefined)));
    },
  };
}
