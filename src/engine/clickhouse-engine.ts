/**
 * ClickHouse behind the {@link ClusterEngine} surface, over HTTP with `@clickhouse/client`.
 *
 * Works with Debian's clickhouse-server 18.16 and current servers alike by keeping to what both
 * accept: no query parameters (the client sends `{v:String}` values as a `param_v` setting, which
 * 18.16 rejects with "Unknown setting param_v": values are quoted into the SQL instead), no
 * JSONCompactEachRow or RowBinaryWithNamesAndTypes (unknown formats there): results come back as
 * TabSeparatedWithNamesAndTypes, inserts go as RowBinary or TabSeparated streams through
 * `exec` (the client's `insert` refuses RowBinary). The client reads no error code out of 18.16's
 * error text (`Code: 60, e.displayText() = DB::Exception: …`), so the code is parsed here.
 * Every query runs with `wait_end_of_query=1`, so an error after the first rows becomes an HTTP
 * error instead of text appended to the rows.
 *
 * Not the {@link Engine} interface, which has DuckDB-isms a cluster cannot honour: `readParquet` and
 * `readLines` name local files, `toParquet`/`toCsv` write local files, `load` builds a table from
 * JS columns through an appender, and `$name` parameters need server-side binding.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnvironmentError, QueryError, UsageError } from '../errors.js';
import { environmentErrorOf } from '../environment-error-of.js';
import { clickhouseQuote as q } from './clickhouse-quote.js';
import type { ClusterColumn, ClusterEngine, ClusterInsert, ClusterRows, ClusterTarget } from './cluster-engine.js';
import { TabSeparatedReader } from './tab-separated-reader.js';

/** Connection to a ClickHouse cluster. */
export interface ClickHouseOptions {
  /** HTTP(S) URL of the server that runs the distributed queries (any node of the cluster). Default `http://127.0.0.1:8123`. */
  url?: string;
  /** The cluster's name in the servers' `remote_servers` configuration. Required. */
  cluster: string;
  /** Database of peerscope's tables. Default `peerscope`. */
  database?: string;
  /**
   * Each shard's own HTTP URL, in any order (each is matched to its shard by the server's
   * `system.clusters.is_local`), to create and drop local tables where there is no ZooKeeper for
   * `ON CLUSTER`. Default: each shard's first replica host from `system.clusters`, at the scheme and
   * port of `url` (right when every node serves HTTP on the same port, as on a real cluster).
   */
  shardUrls?: readonly string[];
  /** User. Default: the CLICKHOUSE_USER environment variable, else `default`. */
  user?: string;
  /** Password. Default: the CLICKHOUSE_PASSWORD environment variable, else empty. */
  password?: string;
  /** How long a request may go without a byte from the server, in ms (a query returns nothing until it ends). Default 3,600,000 (1 h). */
  requestTimeoutMs?: number;
}

export const CLICKHOUSE_DEFAULTS = {
  url: 'http://127.0.0.1:8123',
  database: 'peerscope',
  user: 'default',
  requestTimeoutMs: 3_600_000,
  batchRows: 65_536,
} as const;

/**
 * Connects to a ClickHouse cluster and checks it: the server answers (else an
 * {@link EnvironmentError}: unreachable, or the credentials refused), the cluster is in its
 * `remote_servers` (else an EnvironmentError listing the clusters it has), and every shard's URL
 * answers as that shard.
 */
export async function openClickHouse(options: ClickHouseOptions): Promise<ClusterEngine> {
  const url = normalizeUrl(options.url ?? CLICKHOUSE_DEFAULTS.url, 'url');
  const cluster = options.cluster;
  if (!cluster)
    throw new UsageError(
      'the ClickHouse cluster name is required (the cluster in remote_servers that the tables span)',
    );
  const database = options.database ?? CLICKHOUSE_DEFAULTS.database;
  if (!database) throw new UsageError('the ClickHouse database name cannot be empty');
  const credentials = {
    username: options.user ?? process.env.CLICKHOUSE_USER ?? CLICKHOUSE_DEFAULTS.user,
    password: options.password ?? process.env.CLICKHOUSE_PASSWORD ?? '',
  };
  const timeout = options.requestTimeoutMs ?? CLICKHOUSE_DEFAULTS.requestTimeoutMs;
  const connect = (u: string) => new Server(u, credentials, timeout);

  const main = connect(url);
  const opened: Server[] = [main];
  try {
    const version = String((await main.rows('SELECT version()')).rows[0]?.[0] ?? '');
    const shards = await main.rows(
      `SELECT shard_num, host_address, shard_weight FROM system.clusters WHERE cluster = ${q.string(cluster)} AND replica_num = 1 ORDER BY shard_num`,
    );
    if (shards.rows.length === 0) {
      const names = (await main.rows('SELECT DISTINCT cluster FROM system.clusters ORDER BY cluster')).rows.map((r) =>
        String(r[0]),
      );
      throw new EnvironmentError(
        `ClickHouse at ${url} has no cluster ${JSON.stringify(cluster)} in remote_servers (it has: ${names.length > 0 ? names.join(', ') : 'none'})`,
      );
    }
    const shardNums = shards.rows.map((r) => Number(r[0]));
    const urls =
      options.shardUrls?.map((u) => normalizeUrl(u, 'shard url')) ??
      shards.rows.map((r) => withHost(url, String(r[1])));
    const byShard = new Map<number, Server>();
    for (const u of urls) {
      const server = u === url ? main : connect(u);
      if (server !== main) opened.push(server);
      const local = await server.rows(
        `SELECT shard_num FROM system.clusters WHERE cluster = ${q.string(cluster)} AND is_local`,
      );
      const num = Number(local.rows[0]?.[0]);
      if (local.rows.length !== 1 || !shardNums.includes(num)) {
        throw new EnvironmentError(
          `ClickHouse at ${u} is not a shard of cluster ${JSON.stringify(cluster)} as ${url} sees it (no single local replica in its system.clusters)`,
        );
      }
      if (byShard.has(num))
        throw new EnvironmentError(
          `ClickHouse at ${u} and another shard URL are both shard ${num} of cluster ${JSON.stringify(cluster)}`,
        );
      byShard.set(num, server);
    }
    const missing = shardNums.filter((n) => !byShard.has(n));
    if (missing.length > 0)
      throw new EnvironmentError(
        `no URL given for shard ${missing.join(', ')} of cluster ${JSON.stringify(cluster)} (${shardNums.length} shards)`,
      );
    return new ClickHouseEngine(
      main,
      shardNums.map((n) => byShard.get(n)!),
      opened,
      cluster,
      database,
      version,
      shards.rows.map((r) => Number(r[2])),
    );
  } catch (error) {
    await Promise.all(opened.map((s) => s.close()));
    throw error;
  }
}

class ClickHouseEngine implements ClusterEngine {
  readonly name = 'clickhouse';
  readonly url: string;
  readonly shardUrls: readonly string[];

  constructor(
    private readonly main: Server,
    private readonly shards: readonly Server[],
    private readonly opened: readonly Server[],
    readonly cluster: string,
    readonly database: string,
    readonly version: string,
    readonly shardWeights: readonly number[],
  ) {
    this.url = main.url;
    this.shardUrls = shards.map((s) => s.url);
  }

  async run(sql: string, target?: ClusterTarget): Promise<void> {
    await this.server(target).run(sql, target?.settings);
  }

  async runOnShards(sql: string): Promise<void> {
    for (const shard of this.shards) await shard.run(sql);
  }

  async query(sql: string, target?: ClusterTarget): Promise<ClusterRows> {
    return this.server(target).rows(sql, target?.settings);
  }

  async queryBatches(
    sql: string,
    onBatch: (batch: ClusterRows) => Promise<void> | void,
    options: ClusterTarget & { batchRows?: number } = {},
  ): Promise<number> {
    return this.server(options).batches(
      sql,
      onBatch,
      options.batchRows ?? CLICKHOUSE_DEFAULTS.batchRows,
      options.settings,
    );
  }

  async queryToFile(sql: string, path: string, target?: ClusterTarget): Promise<ClusterColumn[]> {
    return this.server(target).toFile(sql, path, target?.settings);
  }

  async insert(insert: ClusterInsert): Promise<void> {
    const table = q.table(insert.database ?? this.database, insert.table);
    const sql = `INSERT INTO ${table} (${insert.columns.map((c) => q.ident(c)).join(', ')}) FORMAT ${insert.format}`;
    const body = insert.body instanceof Readable ? insert.body : Readable.from(insert.body, { objectMode: false });
    await this.server(insert).insert(sql, body, insert.settings ?? {});
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((s) => s.close()));
  }

  private server(target: ClusterTarget | undefined): Server {
    if (target?.shard === undefined) return this.main;
    const server = this.shards[target.shard];
    if (!server)
      throw new RangeError(
        `shard ${target.shard} does not exist (the cluster has ${this.shards.length} shards, numbered from 0)`,
      );
    return server;
  }
}

/** One server's HTTP connection pool, with its errors mapped to peerscope's. */
class Server {
  private readonly client: ClickHouseClient;

  constructor(
    readonly url: string,
    credentials: { username: string; password: string },
    timeout: number,
  ) {
    // The client warns about long timeouts without progress headers; 18.16 could send them, but
    // Node caps the total header size, so a long query would end in a header overflow instead.
    this.client = createClient({
      url,
      ...credentials,
      request_timeout: timeout,
      application: 'peerscope',
      // Well below the servers' keep_alive_timeout (3 s on old servers), so an idle socket is
      // dropped here before the server closes it under a request.
      keep_alive: { enabled: true, idle_socket_ttl: 1000 },
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  async run(sql: string, settings: Settings = {}): Promise<void> {
    await this.guard(
      sql,
      () => this.client.command({ query: sql, clickhouse_settings: { ...settings, wait_end_of_query: 1 } }),
      () => true,
    );
  }

  async rows(sql: string, settings: Settings = {}): Promise<ClusterRows> {
    const out: ClusterRows = { columns: [], rows: [] };
    await this.batches(
      sql,
      (batch) => {
        out.columns = batch.columns;
        for (const row of batch.rows) out.rows.push(row);
      },
      Infinity,
      settings,
    );
    return out;
  }

  async batches(
    sql: string,
    onBatch: (batch: ClusterRows) => Promise<void> | void,
    batchRows: number,
    settings: Settings = {},
  ): Promise<number> {
    const query = `${sql.trimEnd().replace(/;$/, '')}\nFORMAT TabSeparatedWithNamesAndTypes`;
    let delivered = false;
    return this.guard(
      sql,
      async () => {
        const result = await this.client.exec({ query, clickhouse_settings: { ...settings, wait_end_of_query: 1 } });
        const reader = new TabSeparatedReader();
        // A row the reader cannot place (a server error after the first rows) is a QueryError with
        // the SQL; an error of onBatch passes as it is.
        const decode = (step: () => ClusterRows['rows'] | void) => {
          try {
            return step() ?? [];
          } catch (error) {
            result.stream.destroy();
            throw new QueryError(`ClickHouse at ${this.url}: unreadable result: ${message(error)}`, sql, error);
          }
        };
        const pending: ClusterRows['rows'] = [];
        let total = 0;
        const flush = async (all: boolean) => {
          while (pending.length >= batchRows || (all && (pending.length > 0 || total === 0))) {
            const batch = pending.splice(0, batchRows);
            total += batch.length;
            delivered = true;
            await onBatch({ columns: reader.columns ?? [], rows: batch });
            if (batch.length === 0) break;
          }
        };
        try {
          for await (const chunk of result.stream as AsyncIterable<Buffer>) {
            for (const row of decode(() => reader.push(chunk))) pending.push(row);
            await flush(false);
          }
        } finally {
          result.stream.destroy();
        }
        decode(() => reader.end());
        await flush(true);
        return total;
      },
      () => !delivered,
    );
  }

  async toFile(sql: string, path: string, settings: Settings = {}): Promise<ClusterColumn[]> {
    const query = `${sql.trimEnd().replace(/;$/, '')}\nFORMAT TabSeparatedWithNamesAndTypes`;
    return this.guard(
      sql,
      async () => {
        const result = await this.client.exec({ query, clickhouse_settings: { ...settings, wait_end_of_query: 1 } });
        try {
          await pipeline(result.stream, createWriteStream(path));
        } catch (error) {
          // A full or read-only local disk is the machine's, not the server's: exit 3, not 4.
          throw environmentErrorOf(error, 'a cluster query result', path) ?? error;
        }
        return readHeader(path, sql, this.url);
      },
      // A second try rewrites the whole file.
      () => true,
    );
  }

  async insert(sql: string, body: Readable, settings: Settings): Promise<void> {
    await this.guard(sql, async () => {
      const result = await this.client.exec({ query: sql, values: body, clickhouse_settings: settings });
      for await (const _ of result.stream) void _;
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Runs fn, mapping a failure: no answer or refused credentials → EnvironmentError; a server error → QueryError with the SQL. */
  private async guard<T>(sql: string, fn: () => Promise<T>, retryable: () => boolean = () => false): Promise<T> {
    try {
      return await fn();
    } catch (first) {
      // A kept-alive socket the server closed just as a request went out is reset before the
      // server read anything: such a request is sent once more on a fresh socket.
      if ((first as { code?: unknown }).code !== 'ECONNRESET' || !retryable()) return this.fail(sql, first);
      try {
        return await fn();
      } catch (error) {
        return this.fail(sql, error);
      }
    }
  }

  private fail(sql: string, error: unknown): never {
    if (error instanceof QueryError || error instanceof EnvironmentError) throw error;
    const text = message(error);
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      throw new EnvironmentError(
        `ClickHouse at ${this.url} is unreachable (${code}); is the server running and the URL right?`,
        { cause: error },
      );
    }
    const server =
      /^Code: (\d+)[.,] (?:e\.displayText\(\) = )?(?:DB::Exception: )?(.*?)(?:, e\.what\(\) = DB::Exception)?\s*$/s.exec(
        text,
      );
    if (server) {
      const [, num, detail] = server;
      const oneLine = (detail ?? '').split('\n')[0]!.trim();
      if (AUTH_CODES.has(Number(num))) {
        throw new EnvironmentError(
          `ClickHouse at ${this.url} refused the credentials (code ${num}: ${oneLine}); set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD`,
          { cause: error },
        );
      }
      if (Number(num) === UNKNOWN_CLUSTER)
        throw new EnvironmentError(`ClickHouse at ${this.url}: ${oneLine}`, { cause: error });
      throw new QueryError(`ClickHouse query failed (code ${num}): ${oneLine}`, sql, error);
    }
    if (/timeout/i.test(text))
      throw new QueryError(
        `ClickHouse at ${this.url} sent nothing for the request timeout: ${text.split('\n')[0]}`,
        sql,
        error,
      );
    if (/socket hang up|ECONNRESET/.test(text))
      throw new EnvironmentError(
        `ClickHouse at ${this.url} closed the connection (${text.split('\n')[0]}); did the server stop?`,
        { cause: error },
      );
    throw new QueryError(`ClickHouse at ${this.url}: ${text.split('\n')[0]}`, sql, error);
  }
}

type Settings = Record<string, string | number>;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
]);
/** UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, IP_ADDRESS_NOT_ALLOWED, AUTHENTICATION_FAILED. */
const AUTH_CODES = new Set([192, 193, 194, 195, 516]);
/** BAD_GET: "Requested cluster 'x' not found". */
const UNKNOWN_CLUSTER = 170;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function normalizeUrl(text: string, option: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `ClickHouse ${option} ${JSON.stringify(text)} is not a URL (expected e.g. http://127.0.0.1:8123)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`ClickHouse ${option} ${JSON.stringify(text)} is not http(s)`);
  if (url.username || url.password)
    throw new UsageError(
      `ClickHouse ${option} ${JSON.stringify(url.origin)}: put credentials in CLICKHOUSE_USER and CLICKHOUSE_PASSWORD, not the URL`,
    );
  return url.origin;
}

/** The URL with another host (an IPv6 address in brackets). */
function withHost(base: string, host: string): string {
  const url = new URL(base);
  url.hostname = host.includes(':') ? `[${host}]` : host;
  return url.origin;
}

/** The columns of a result file: its two header lines, decoded as the rows' reader decodes them. */
function readHeader(path: string, sql: string, url: string): ClusterColumn[] {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(1 << 16);
    const n = readSync(fd, head, 0, head.length, 0);
    const first = head.indexOf(0x0a);
    const second = first < 0 || first >= n ? -1 : head.indexOf(0x0a, first + 1);
    const reader = new TabSeparatedReader();
    if (second >= 0 && second < n) reader.push(head.subarray(0, second + 1));
    if (reader.columns === undefined)
      throw new QueryError(`ClickHouse at ${url}: the result has no header (names and types) in its first 64 KiB`, sql);
    return reader.columns;
  } finally {
    closeSync(fd);
  }
}
