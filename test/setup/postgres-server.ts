import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A PostgreSQL server of its own for a test: a new cluster in a temporary folder, on loopback, on a free port. */
export interface TestPostgres {
  /** postgres://latentlab@127.0.0.1:PORT/DATABASE of a fresh database. */
  url: string;
  port: number;
  /** CPU seconds the server's processes have used so far (Linux /proc). */
  cpuSeconds(): number;
  /** With TLS: the server's self-signed certificate (for 127.0.0.1), to trust in sslrootcert=. */
  certificate?: string;
  /** A new empty database on this server, by URL. */
  newDatabase(name: string): Promise<string>;
  stop(): void;
}

/** Debian keeps the server's programs (initdb, pg_ctl) in /usr/lib/postgresql/<version>/bin, off the PATH. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

/**
 * Starts the server: initdb and pg_ctl as the postgres user when this runs as root (PostgreSQL
 * refuses to run as root), else as this user. Throws, saying why, when it cannot; a test that needs
 * the server then fails with that reason.
 */
export async function startPostgres(options: { tls?: boolean } = {}): Promise<TestPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL server programs in /usr/lib/postgresql/*/bin: install them with `apt-get install -y postgresql` (the test setup does this when run as root)');
  const dir = mkdtempSync(join(tmpdir(), 'latentlab-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asServer = (program: string, args: string[]) => {
    const command = [program.startsWith('/') ? program : join(bin, program), ...args];
    const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...command]] : [command[0], command.slice(1)];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  const port = await freePort();
  try {
    asServer('initdb', ['-D', data, '-U', 'latentlab', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    let settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    if (options.tls) {
      // A self-signed certificate for 127.0.0.1, made by the server's user (its key must be its own, mode 0600).
      asServer('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.crt')]);
      settings += ` -c ssl=on -c ssl_cert_file=${join(dir, 'server.crt')} -c ssl_key_file=${join(dir, 'server.key')}`;
    }
    asServer('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a test PostgreSQL server: ${(error as { stderr?: Buffer }).stderr?.toString() || (error as Error).message}${log}`);
  }
  const base = `postgres://latentlab@127.0.0.1:${port}`;
  const newDatabase = async (name: string) => {
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return `${base}/${name}`;
  };
  return {
    url: await newDatabase('sweeps'),
    port,
    cpuSeconds: () => serverCpuSeconds(data),
    ...(options.tls && { certificate: join(dir, 'server.crt') }),
    newDatabase,
    stop() {
      try {
        asServer('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** CPU seconds of the postmaster whose data folder is `data` and of its children, from /proc (user + system, with children that ended). */
function serverCpuSeconds(data: string): number {
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [ppid, utime, stime, cutime, cstime] = [fields[1], fields[11], fields[12], fields[13], fields[14]].map(Number);
    if (Number(entry) === postmaster) total += utime + stime + cutime + cstime;
    else if (ppid === postmaster) total += utime + stime;
  }
  return total / ticks;
}
