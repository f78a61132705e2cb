/**
 * Target (b), the floor: a bare node:http handler that calls the project's repositories (the
 * very Cypher the API runs, through the same Database wrapper and driver settings) and writes
 * the result as JSON. No GraphQL, no validation, no DataLoaders, no logging.
 *
 *   POST /<query name>  body: the query's parameters  ->  { "data": ... }
 *   GET  /stats         ->  { "statements": <Cypher statements run so far> }
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTimeout, type Database } from '../../src/db/database';
import { MIX, QUERY_NAMES, type QueryName } from '../mix';
import { openBenchDatabase } from '../db';

export interface RawServer {
  url: string;
  db: Database;
  stop(): Promise<void>;
}

export function rawHandler(db: Database): http.RequestListener {
  return (req, res) => {
    const name = (req.url ?? '').slice(1) as QueryName;
    if (req.method === 'GET' && name === ('stats' as QueryName)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ statements: db.statementCount }));
      return;
    }
    if (req.method !== 'POST' || !QUERY_NAMES.includes(name)) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let params: never;
      try {
        params = JSON.parse(Buffer.concat(chunks).toString('utf8')) as never;
      } catch {
        res.writeHead(400).end();
        return;
      }
      MIX[name].raw(db, params).then(
        (data) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data })),
        (error: unknown) => {
          // Like the API: a query stopped by its timeout is the server's load, not a failure of the query.
          const timeout = isTimeout(error);
          const message = error instanceof Error ? error.message : String(error);
          res
            .writeHead(timeout ? 503 : 500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message, extensions: { code: timeout ? 'QUERY_TIMEOUT' : 'INTERNAL_SERVER_ERROR' } }] }));
        },
      );
    });
  };
}

/** Same driver settings and per-transaction timeout as the API's defaults (src/db/driver.ts, QUERY_TIMEOUT_MS). */
export async function startRawServer(options: { uri: string; port: number; timeoutMs?: number }): Promise<RawServer> {
  const bench = await openBenchDatabase(options.uri, options.timeoutMs ?? 5000);
  const server = http.createServer(rawHandler(bench.db));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db: bench.db,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bench.close();
    },
  };
}

if (require.main === module) {
  const uri = process.env.BENCH_NEO4J_URI;
  if (!uri) throw new Error('BENCH_NEO4J_URI is not set');
  startRawServer({ uri, port: Number(process.env.PORT ?? 0) }).then(
    (server) => {
      process.stdout.write(`ready ${server.url}\n`);
      process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
    },
    (error: unknown) => {
      process.stderr.write(`raw target failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
