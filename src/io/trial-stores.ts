import { isPostgresLocation } from './postgres-connection.js';
import { PostgresTrialStore } from './postgres-trial-store.js';
import { SqliteTrialStore } from './sqlite-trial-store.js';
import type { StoredSweep, TrialStore } from './trial-store.js';

/**
 * Opens the store at `location`: a postgres:// URL (PostgreSQL, for many machines; `name` picks one
 * of its sweeps, else the newest) or a SQLite file. With `create`, the store holds that sweep, made
 * now or checked to be the same (a resume).
 */
export async function openTrialStore(location: string, create?: StoredSweep, name?: string): Promise<TrialStore> {
  return isPostgresLocation(location) ? PostgresTrialStore.open(location, create, name) : SqliteTrialStore.open(location, create);
}
