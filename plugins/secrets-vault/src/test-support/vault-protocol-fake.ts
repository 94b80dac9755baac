/**
 * A protocol fake of HashiCorp Vault for tests where no Vault runs: a loopback HTTP server that
 * answers exactly the endpoints this plugin uses, with Vault's documented request and response
 * shapes, error bodies (`{"errors": [...]}`) and status codes. node-vault speaks real HTTP to it.
 * It holds state in memory and keeps a log of the requests (method and path, never bodies) so
 * tests can see what the plugin asked for. It is not Vault: no policies, no seals, no leases
 * beyond token TTLs, one KV v2 mount and one Transit mount.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeToken {
  ttlSeconds: number;
  renewable: boolean;
  /** Renewals beyond this many seconds after creation fail, like a token at its max TTL. */
  maxTtlSeconds?: number;
}

export interface VaultProtocolFakeOptions {
  kvMount?: string;
  transitMount?: string;
}

export interface FakeAppRole {
  roleId: string;
  secretId: string;
  /** What the tokens of its logins are like. */
  token: FakeToken;
}

interface TokenState extends FakeToken {
  createdAt: number;
  expiresAt: number;
}

interface TransitKey {
  type: 'ed25519' | 'ecdsa-p256';
  privateKey: KeyObject;
  createdAt: string;
  deletionAllowed: boolean;
}

interface KvEntry {
  data: Record<string, unknown>;
  version: number;
  createdTime: string;
}

export interface VaultProtocolFake {
  address: string;
  /** Issues a token (a root-like one when ttlSeconds is 0). */
  issueToken(token: FakeToken): string;
  /** The AppRole whose logins the fake accepts from now on. */
  defineAppRole(role: FakeAppRole): void;
  /** Makes a token invalid, as `vault token revoke` would. */
  revokeToken(token: string): void;
  /** `METHOD /v1/path` of every request so far. */
  requests: string[];
  /** The KV v2 paths that hold data, below the mount, sorted. */
  kvPaths(): string[];
  /** The names of the Transit keys, sorted. */
  transitKeys(): string[];
  close(): Promise<void>;
}

const NAME = /^\w(([\w.-]+)?\w)?$/;

export async function startVaultProtocolFake(options: VaultProtocolFakeOptions = {}): Promise<VaultProtocolFake> {
  const kvMount = options.kvMount ?? 'secret';
  const transitMount = options.transitMount ?? 'transit';
  const tokens = new Map<string, TokenState>();
  const kv = new Map<string, KvEntry>();
  const transit = new Map<string, TransitKey>();
  const requests: string[] = [];
  let appRole: FakeAppRole | undefined;

  function issueToken(token: FakeToken): string {
    const id = `hvs.${randomUUID().replaceAll('-', '')}`;
    const now = Date.now();
    tokens.set(id, { ...token, createdAt: now, expiresAt: token.ttlSeconds === 0 ? Infinity : now + token.ttlSeconds * 1000 });
    return id;
  }

  function authBlock(id: string, state: TokenState) {
    return {
      client_token: id,
      accessor: `acc.${id.slice(4, 16)}`,
      policies: ['default', 'tdss'],
      token_policies: ['default', 'tdss'],
      metadata: null,
      lease_duration: state.ttlSeconds,
      renewable: state.renewable,
      entity_id: '',
      token_type: 'service',
      orphan: true,
    };
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { errors: [`1 error occurred:\n\t* ${error.message}\n\n`] }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    // Vault takes `GET …?list=<true>` (Go's ParseBool) as LIST; Node's HTTP parser refuses the LIST verb itself.
    const list = url.searchParams.get('list');
    const method = req.method === 'GET' && list !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(list) ? 'LIST' : req.method!;
    const path = decodeURIComponent(url.pathname);
    requests.push(`${method} ${path}`);
    const body = await readJson(req);
    if (body === null) return send(res, 400, { errors: ['failed to parse JSON input'] });
    if (!path.startsWith('/v1/')) return send(res, 404, { errors: [] });
    const route = path.slice(4);

    if (route === 'auth/approle/login' && method === 'POST') {
      const role = appRole;
      if (!role || body.role_id !== role.roleId || body.secret_id !== role.secretId) return send(res, 400, { errors: ['invalid role or secret ID'] });
      const id = issueToken(role.token);
      return send(res, 200, envelope({ auth: authBlock(id, tokens.get(id)!) }));
    }

    const tokenId = req.headers['x-vault-token'];
    const token = typeof tokenId === 'string' ? tokens.get(tokenId) : undefined;
    if (!token || token.expiresAt <= Date.now()) return send(res, 403, { errors: ['permission denied'] });

    if (route === 'auth/token/lookup-self' && method === 'GET') {
      const ttl = token.expiresAt === Infinity ? 0 : Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000));
      return send(res, 200, envelope({ data: { id: tokenId, ttl, creation_ttl: token.ttlSeconds, renewable: token.renewable, policies: ['default', 'tdss'], type: 'service' } }));
    }
    if (route === 'auth/token/renew-self' && method === 'POST') {
      if (!token.renewable) return send(res, 400, { errors: ['lease is not renewable'] });
      const now = Date.now();
      const limit = token.maxTtlSeconds === undefined ? Infinity : token.createdAt + token.maxTtlSeconds * 1000;
      if (now >= limit) return send(res, 403, { errors: ['permission denied'] });
      token.expiresAt = Math.min(limit, now + token.ttlSeconds * 1000);
      return send(res, 200, envelope({ auth: { ...authBlock(tokenId as string, token), lease_duration: Math.round((token.expiresAt - now) / 1000) } }));
    }

    if (route.startsWith(`${kvMount}/data/`)) return kvData(res, method, route.slice(kvMount.length + 6), body);
    if (route.startsWith(`${kvMount}/metadata/`)) return kvMetadata(res, method, route.slice(kvMount.length + 10));
    if (route === `${transitMount}/keys` || route === `${transitMount}/keys/`) {
      if (method !== 'LIST') return noRoute(res, route);
      return transit.size ? send(res, 200, envelope({ data: { keys: [...transit.keys()].sort() } })) : send(res, 404, { errors: [] });
    }
    const keyRoute = /^(?:keys\/([^/]+)(\/config)?|sign\/([^/]+))$/.exec(route.startsWith(`${transitMount}/`) ? route.slice(transitMount.length + 1) : '');
    if (keyRoute) {
      const [, keyName, config, signName] = keyRoute;
      if (signName !== undefined && method === 'POST') return transitSign(res, signName, body);
      if (keyName !== undefined && config && method === 'POST') return transitConfig(res, keyName, body);
      if (keyName !== undefined && !config) return transitKey(res, method, keyName, body);
    }
    return noRoute(res, route);
  }

  function kvData(res: ServerResponse, method: string, path: string, body: Record<string, unknown>): void {
    if (method === 'GET') {
      const entry = kv.get(path);
      if (!entry) return send(res, 404, { errors: [] });
      return send(res, 200, envelope({ data: { data: entry.data, metadata: kvMetadataOf(entry) } }));
    }
    if (method === 'POST' || method === 'PUT') {
      if (typeof body.data !== 'object' || body.data === null) return send(res, 400, { errors: ['no data provided'] });
      const previous = kv.get(path);
      const entry = { data: body.data as Record<string, unknown>, version: (previous?.version ?? 0) + 1, createdTime: new Date().toISOString() };
      kv.set(path, entry);
      return send(res, 200, envelope({ data: kvMetadataOf(entry) }));
    }
    return noRoute(res, path);
  }

  function kvMetadata(res: ServerResponse, method: string, path: string): void {
    if (method === 'LIST') {
      const folder = path === '' || path.endsWith('/') ? path : `${path}/`;
      const keys = new Set<string>();
      for (const stored of kv.keys()) {
        if (!stored.startsWith(folder)) continue;
        const rest = stored.slice(folder.length);
        const slash = rest.indexOf('/');
        keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
      }
      return keys.size ? send(res, 200, envelope({ data: { keys: [...keys].sort() } })) : send(res, 404, { errors: [] });
    }
    if (method === 'GET') {
      const entry = kv.get(path);
      if (!entry) return send(res, 404, { errors: [] });
      const version = { created_time: entry.createdTime, deletion_time: '', destroyed: false };
      return send(res, 200, envelope({ data: { current_version: entry.version, oldest_version: 0, created_time: entry.createdTime, updated_time: entry.createdTime, max_versions: 0, custom_metadata: null, versions: { [entry.version]: version } } }));
    }
    if (method === 'DELETE') {
      kv.delete(path);
      return send(res, 204);
    }
    return noRoute(res, path);
  }

  function transitKey(res: ServerResponse, method: string, name: string, body: Record<string, unknown>): void {
    if (!NAME.test(name)) return noRoute(res, `${transitMount}/keys/${name}`);
    const key = transit.get(name);
    if (method === 'POST') {
      const type = body.type ?? 'aes256-gcm96';
      if (type !== 'ed25519' && type !== 'ecdsa-p256') return send(res, 400, { errors: [`unknown key type: ${String(type)}`] });
      if (!key) {
        const { privateKey } = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
        transit.set(name, { type, privateKey, createdAt: new Date().toISOString(), deletionAllowed: false });
      }
      return send(res, 200, envelope({ data: keyInfo(name, transit.get(name)!) }));
    }
    if (method === 'GET') return key ? send(res, 200, envelope({ data: keyInfo(name, key) })) : send(res, 404, { errors: [] });
    if (method === 'DELETE') {
      if (!key) return send(res, 400, { errors: ['could not delete key; not found'] });
      if (!key.deletionAllowed) return send(res, 400, { errors: ['deletion is not allowed for this key'] });
      transit.delete(name);
      return send(res, 204);
    }
    return noRoute(res, `${transitMount}/keys/${name}`);
  }

  function transitConfig(res: ServerResponse, name: string, body: Record<string, unknown>): void {
    const key = transit.get(name);
    if (!key) return send(res, 400, { errors: [`no existing key named ${name} could be found`] });
    if (typeof body.deletion_allowed === 'boolean') key.deletionAllowed = body.deletion_allowed;
    return send(res, 200, envelope({ data: keyInfo(name, key) }));
  }

  function transitSign(res: ServerResponse, name: string, body: Record<string, unknown>): void {
    const key = transit.get(name);
    if (!key) return send(res, 400, { errors: ['signing key not found'] });
    if (typeof body.input !== 'string') return send(res, 400, { errors: ['missing input to process'] });
    const input = Buffer.from(body.input, 'base64');
    if (key.type === 'ed25519') return send(res, 200, envelope({ data: { signature: `vault:v1:${sign(null, input, key.privateKey).toString('base64')}`, key_version: 1 } }));
    const hash = body.hash_algorithm ?? 'sha2-256';
    if (hash !== 'sha2-256') return send(res, 400, { errors: [`unsupported hash algorithm ${String(hash)}`] });
    // Vault's default marshaling is ASN.1 DER; `jws` gives r‖s, base64url.
    const jws = body.marshaling_algorithm === 'jws';
    const signature = sign('sha256', input, { key: key.privateKey, dsaEncoding: jws ? 'ieee-p1363' : 'der' });
    return send(res, 200, envelope({ data: { signature: `vault:v1:${signature.toString(jws ? 'base64url' : 'base64')}`, key_version: 1 } }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    issueToken,
    defineAppRole: (role) => {
      appRole = role;
    },
    revokeToken: (token) => void tokens.delete(token),
    requests,
    kvPaths: () => [...kv.keys()].sort(),
    transitKeys: () => [...transit.keys()].sort(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function keyInfo(name: string, key: TransitKey) {
  const publicKey = createPublicKey(key.privateKey);
  // Vault shows an Ed25519 public key as base64 of its 32 bytes, an ECDSA one as PEM.
  const public_key =
    key.type === 'ed25519'
      ? Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64')
      : publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return {
    name,
    type: key.type,
    deletion_allowed: key.deletionAllowed,
    exportable: false,
    keys: { '1': { creation_time: key.createdAt, name: key.type === 'ed25519' ? 'ed25519' : 'P-256', public_key } },
    latest_version: 1,
    min_available_version: 0,
    min_decryption_version: 1,
    min_encryption_version: 0,
    supports_signing: true,
    supports_encryption: false,
    supports_decryption: false,
    supports_derivation: key.type === 'ed25519',
  };
}

function kvMetadataOf(entry: KvEntry) {
  return { created_time: entry.createdTime, custom_metadata: null, deletion_time: '', destroyed: false, version: entry.version };
}

function envelope(members: { data?: unknown; auth?: unknown }) {
  return { request_id: randomUUID(), lease_id: '', renewable: false, lease_duration: 0, data: null, wrap_info: null, warnings: null, auth: null, mount_type: '', ...members };
}

function noRoute(res: ServerResponse, route: string): void {
  send(res, 404, { errors: [`no handler for route "${route}". route entry not found.`] });
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The JSON body, `{}` when there is none, or null when it does not parse. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
