import { userInfo } from 'node:os';
import pg from 'pg';
import { parse, parseIntoClientConfig } from 'pg-connection-string';
import pgpass from 'pgpass';

/** True for a store location that names a PostgreSQL database (postgres://... or postgresql://...). */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:/i.test(location);
}

/** Where a postgres:// location points, as it may be shown: never the password. */
export interface PostgresTarget {
  user: string;
  host: string;
  port: number;
  database: string;
  /** postgres://user@host:port/database (and ?sslmode=... when the URL asks for TLS). */
  display: string;
}

/**
 * Reads a postgres:// URL, filling what it leaves out from the standard PG* environment variables
 * (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE) as libpq does. The password stays in
 * the URL or the environment: nothing here keeps, prints or logs it.
 */
export function postgresTarget(url: string): PostgresTarget {
  let parsed;
  try {
    parsed = parse(url);
  } catch {
    throw new Error('the store is not a valid postgres:// URL (postgres://USER@HOST:PORT/DATABASE)');
  }
  const env = process.env;
  const user = parsed.user || env.PGUSER || userInfo().username;
  const host = parsed.host || env.PGHOST || 'localhost';
  const port = Number(parsed.port || env.PGPORT || 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`the store's port must be a whole number from 1 to 65535, got "${parsed.port || env.PGPORT}"`);
  const database = parsed.database || env.PGDATABASE || user;
  const sslmode = (parsed as { sslmode?: string }).sslmode ?? env.PGSSLMODE;
  const display = `postgres://${encodeURIComponent(user)}@${host.includes('/') ? encodeURIComponent(host) : host}:${port}/${encodeURIComponent(database)}${sslmode ? `?sslmode=${sslmode}` : ''}`;
  return { user, host, port, database, display };
}

/**
 * A connection pool for `url`. TLS when the URL or PGSSLMODE asks for it (sslmode=require,
 * verify-full, ...; node-postgres checks the server's certificate). Errors on the pool's idle
 * connections are passed to `onError` rather than thrown.
 */
export function postgresPool(url: string, onError: (error: Error) => void, max = 4): pg.Pool {
  const { password: inUrl, ...config } = parseIntoClientConfig(url);
  const given = (typeof inUrl === 'string' && inUrl) || process.env.PGPASSWORD;
  const target = postgresTarget(url);
  // The password, when the server asks for one: the URL's, PGPASSWORD, or the matching line of ~/.pgpass
  // (read here, as node-postgres asks: its own reading of the file is deprecated and warns on every run).
  const password = () =>
    given ||
    new Promise<string>((resolve, reject) =>
      pgpass(target, (found) => (found === undefined ? reject(Object.assign(new Error('no password'), { code: NO_PASSWORD })) : resolve(found))),
    );
  const pool = new pg.Pool({ ...config, password, max, connectionTimeoutMillis: 10_000, application_name: 'latentlab' });
  pool.on('error', onError);
  return pool;
}

/** PostgreSQL's error codes for the problems a person can fix. */
const MISSING_DATABASE = '3D000';
const LOGIN_REFUSED = new Set(['28P01', '28000']);
/** Ours: the server asked for a password and neither the URL, PGPASSWORD nor ~/.pgpass had one. */
const NO_PASSWORD = 'LATENTLAB_NO_PASSWORD';

/**
 * A one-line message for a failed connection to `target`: server unreachable, database missing,
 * login refused, TLS refused; anything else as PostgreSQL said it. Never holds the password.
 */
export function connectionProblem(error: unknown, target: PostgresTarget): Error {
  const { code, message } = error as { code?: string; message?: string };
  const where = `${target.host}:${target.port}`;
  if (code === 'ECONNREFUSED') return new Error(`cannot reach PostgreSQL at ${where}: connection refused (is the server running and listening there?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new Error(`cannot reach PostgreSQL at ${where}: no such host "${target.host}"`);
  if (code === 'ETIMEDOUT' || /timeout/i.test(message ?? '')) return new Error(`cannot reach PostgreSQL at ${where}: no answer within 10 seconds`);
  if (code === MISSING_DATABASE) {
    return new Error(`database "${target.database}" does not exist on ${where}; create it with: createdb -h ${target.host} -p ${target.port} -U ${target.user} ${target.database}`);
  }
  if (code !== undefined && LOGIN_REFUSED.has(code)) return new Error(`PostgreSQL at ${where} refused the login of user "${target.user}" to "${target.database}" (check the user, and the password in the URL, PGPASSWORD or ~/.pgpass)`);
  if (code === NO_PASSWORD) {
    return new Error(`PostgreSQL at ${where} asks for the password of user "${target.user}" and none was given: set PGPASSWORD, or add the line ${target.host}:${target.port}:${target.database}:${target.user}:PASSWORD to ~/.pgpass (mode 600)`);
  }
  if (/does not support SSL/i.test(message ?? '')) return new Error(`PostgreSQL at ${where} does not accept TLS, which the store's sslmode asks for (drop ?sslmode=... or set up TLS on the server)`);
  return new Error(`PostgreSQL at ${where}: ${message ?? String(error)}`);
}
