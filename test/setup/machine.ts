import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM } from '../e2e/browser.js';
import { postgresBin } from './postgres-server.js';

/**
 * vitest's global setup (npm test): what the tests need from the machine besides npm packages —
 * Debian's chromium (the explorer's browser tests) and PostgreSQL's server (sweeps on PostgreSQL;
 * each such test starts its own server in a temporary folder). Run as root, it installs what is
 * missing with apt-get; otherwise it stops the tests with the exact command to run.
 */
export default function setup(): void {
  const missing = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(postgresBin() ? [] : ['postgresql'])];
  if (missing.length === 0) return;
  const install = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`the tests need Debian's ${missing.join(' and ')}, which this machine lacks: run \`sudo apt-get update && sudo ${install}\`, then npm test again`);
  }
  process.stderr.write(`test setup: installing ${missing.join(' and ')} (${install})\n`);
  execSync(`apt-get update && ${install}`, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
