import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionProblem, postgresTarget } from '../../src/io/postgres-connection.js';
import { PostgresTrialStore, SCHEMA_VERSION } from '../../src/io/postgres-trial-store.js';
import type { StoredSweep, TrialRecord } from '../../src/io/trial-store.js';
import { startPostgres, type TestPostgres } from '../setup/postgres-server.js';

const root = join(import.meta.dirname, '../..');
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')];

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres({ tls: true });
}, 120_000);
afterAll(() => server?.stop());

const sweep: StoredSweep = { name: 'store-test', spec: { name: 'store-test', any: ['json'] }, quick: false, trials: 2 };
const record: TrialRecord = { key: 'w=8 #1', variant: 'w=8', variantIndex: 0, values: { w: '8' }, seed: 1, rung: 0, status: 'finished', summary: { finalLoss: 0.1, epochs: 10, stoppedEarly: false, trainSeconds: 1 } };

/** `url` with a password in it. */
const withPassword = (url: string, password: string) => url.replace('postgres://latentlab@', `postgres://latentlab:${password}@`);

describe('the PostgreSQL trial store', () => {
  it('records a trial\'s rung once: a second result for it is refused and the first kept', async () => {
    const store = await PostgresTrialStore.open(await server.newDatabase('once'), sweep);
    try {
      expect(await store.recordResult(record, { n: 1 }, 'a:1')).toBe(true);
      expect(await store.recordResult({ ...record, summary: { ...record.summary!, finalLoss: 9 } }, { n: 2 }, 'b:2')).toBe(false);
      expect(await store.recordResult({ ...record, rung: 1 }, { n: 3 }, 'b:2')).toBe(true);
      expect(await store.results()).toEqual([record, { ...record, rung: 1 }]);
      expect(await store.result(record.key, 0)).toEqual({ n: 1 });
      expect(await store.result(record.key)).toEqual({ n: 3 });
    } finally {
      await store.close();
    }
  });

  it('holds many sweeps; the same name with another spec is refused', async () => {
    const url = await server.newDatabase('many');
    const first = await PostgresTrialStore.open(url, sweep);
    await first.close();
    await expect(PostgresTrialStore.open(url, { ...sweep, spec: { other: true } })).rejects.toThrow(`${postgresTarget(url).display} (sweep "store-test") holds a different sweep`);
    const second = await PostgresTrialStore.open(url, { ...sweep, name: 'another' });
    expect(second.sweepId).not.toBe(first.sweepId);
    await second.close();
    const latest = await PostgresTrialStore.open(url);
    expect(latest.sweep.name).toBe('another');
    await latest.close();
  });

  it('refuses a database holding the tables of another latentlab version, and changes nothing', async () => {
    const url = await server.newDatabase('other_version');
    await (await PostgresTrialStore.open(url, sweep)).close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query('UPDATE latentlab.schema_version SET version = 99');
    await expect(PostgresTrialStore.open(url, sweep)).rejects.toThrow(`${postgresTarget(url).display} holds latentlab tables of schema version 99, and this latentlab uses version ${SCHEMA_VERSION}`);
    expect((await db.query('SELECT version FROM latentlab.schema_version')).rows).toEqual([{ version: 99 }]);
    await db.end();
  });

  it('says so in one line when the database is missing or the server unreachable', async () => {
    await expect(PostgresTrialStore.open(`postgres://latentlab@127.0.0.1:${server.port}/nosuch`)).rejects.toThrow(
      `database "nosuch" does not exist on 127.0.0.1:${server.port}; create it with: createdb -h 127.0.0.1 -p ${server.port} -U latentlab nosuch`,
    );
    const closed = await unusedPort();
    await expect(PostgresTrialStore.open(`postgres://latentlab@127.0.0.1:${closed}/x`)).rejects.toThrow(`cannot reach PostgreSQL at 127.0.0.1:${closed}: connection refused (is the server running and listening there?)`);
    const noTls = { message: 'The server does not support SSL connections' }; // what node-postgres says of a server without TLS
    expect(connectionProblem(noTls, postgresTarget('postgres://u@h:5/d?sslmode=require')).message).toBe('PostgreSQL at h:5 does not accept TLS, which the store\'s sslmode asks for (drop ?sslmode=... or set up TLS on the server)');
    const noPassword = { code: 'LATENTLAB_NO_PASSWORD', message: 'no password' }; // the pool's, when the server asks for a password and none was given
    expect(connectionProblem(noPassword, postgresTarget('postgres://lab@db-host/sweeps')).message).toBe(
      'PostgreSQL at db-host:5432 asks for the password of user "lab" and none was given: set PGPASSWORD, or add the line db-host:5432:sweeps:lab:PASSWORD to ~/.pgpass (mode 600)',
    );
  });

  it('speaks TLS when the URL asks for it, checking the server\'s certificate', async () => {
    const url = `${await server.newDatabase('tls')}?sslmode=verify-full&sslrootcert=${server.certificate}`;
    const store = await PostgresTrialStore.open(url, sweep);
    try {
      expect(store.location).toContain('sslmode=verify-full');
      expect((await store.pool.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows).toEqual([{ ssl: true }]);
    } finally {
      await store.close();
    }
    const plain = await PostgresTrialStore.open(url.replace(/\?.*/, ''));
    expect((await plain.pool.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows).toEqual([{ ssl: false }]);
    await plain.close();
  });

  it('takes credentials from the URL or the PG* variables and never prints or stores them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-pg-'));
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ name: 'secret-test', title: 't', kind: 'autoencoder', preset: 'ae-font', base: { training: { epochs: 50 } }, seeds: [1, 2] }));
    const url = await server.newDatabase('secrets');
    const password = 'pw-s3cret-7f3a';
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [...cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    const outputs = [
      run(['sweep', specFile, '--store', withPassword(url, password), '--detach', '--trial-seconds', '60']),
      run(['worker', '--store', withPassword(url, password)]),
      run(['sweep', '--status', '--json', '--store', withPassword(url, password)]),
      run(['sweep', '--status', '--store', 'postgres://'], { PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'latentlab', PGDATABASE: 'secrets', PGPASSWORD: password }),
      run(['sweep', '--status', '--store', withPassword(url, password).replace('/secrets', '/missing')]),
    ];
    expect(outputs.map((o) => o.status)).toEqual([0, 0, 0, 0, 1]);
    expect(outputs[0].stdout).toContain(`2 jobs queued. Start workers on any machine: latentlab worker --store postgres://latentlab@127.0.0.1:${server.port}/secrets`);
    expect(JSON.parse(outputs[2].stdout)).toMatchObject({ done: 2, store: `postgres://latentlab@127.0.0.1:${server.port}/secrets` });
    expect(outputs[3].stdout).toContain(`secret-test in postgres://latentlab@127.0.0.1:${server.port}/secrets`);
    expect(outputs[4].stderr).toContain('database "missing" does not exist');
    for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(password);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const stored = await db.query("SELECT (SELECT string_agg(spec::text, '') FROM latentlab.sweeps) || (SELECT string_agg(result::text || worker, '') FROM latentlab.results) || (SELECT string_agg(model, '') FROM latentlab.models) AS everything");
    await db.end();
    expect(stored.rows[0].everything).toContain('secret-test');
    expect(stored.rows[0].everything).not.toContain(password);
  }, 120_000);
});

/** A loopback port nothing listens on. */
async function unusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
