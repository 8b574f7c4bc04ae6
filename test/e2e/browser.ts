import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

/** The built explorer served on 127.0.0.1 and a headless Debian chromium with a fresh profile, offline but for that server. */
export interface Explorer {
  page: Page;
  url: string;
  /** Requests the page tried to make to any other host (blocked). */
  blocked: string[];
  /** Errors the page logged or threw. */
  pageErrors: string[];
  close(): Promise<void>;
}

export const CHROMIUM = process.env.LATENTLAB_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const root = join(import.meta.dirname, '../..');

export async function openExplorer(): Promise<Explorer> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  if (!existsSync(join(root, 'dist/web/index.html'))) throw new Error('no built page in dist/web: run npm run build:web first');
  const server: PreviewServer = await preview({
    configFile: join(root, 'web/vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its address');
  const profile = mkdtempSync(join(tmpdir(), 'latentlab-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1366, height: 768 },
      acceptDownloads: true,
    });
  } catch (error) {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || route.request().url().startsWith('blob:') || route.request().url().startsWith('data:')) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(url);
  return {
    page,
    url,
    blocked,
    pageErrors,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
