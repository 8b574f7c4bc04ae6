import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';

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
/** Where the browser tests leave their screenshots and figures. */
export const OUTPUT = join(root, 'test-output');

export interface ExplorerOptions {
  /** The built page to serve (default dist/web: npm run build:web's). */
  dist?: string;
  /** A script run in the page before its own (e.g. performance observers). */
  initScript?: string;
  /** The query string the page opens with (e.g. "?view=vae"). */
  query?: string;
}

export async function openExplorer(options: ExplorerOptions = {}): Promise<Explorer> {
  const dist = options.dist ?? join(root, 'dist/web');
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no built page in ${dist}: run npm run build:web first`);
  const server: PreviewServer = await preview({
    configFile: join(root, 'web/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dist },
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
  // The page's "Copy link" writes the clipboard, and tests read it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
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
  if (options.initScript) await context.addInitScript(options.initScript);
  await page.goto(url + (options.query ?? ''));
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

/** `selector` inside the view on show. */
export const active = (selector: string) => `.view.active ${selector}`;

/**
 * What a file of browser tests works with: the page and the explorer (both usable once its tests run), a
 * scratch folder of its own, screenshots. `page` forwards to the page; where Playwright wants the Page
 * object itself (e.g. newCDPSession), pass `explorer.page`.
 */
export interface ExplorerSuite {
  page: Page;
  explorer: Explorer;
  /** A path in the suite's scratch folder (removed after its tests). */
  scratch(...parts: string[]): string;
  /** Saves a screenshot of the page as test-output/<name>.png. */
  shot(name: string): Promise<Buffer>;
}

/** Forwards to the object `current` gives once the tests run: the suite's page and explorer exist only after beforeAll. */
function later<T extends object>(current: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      if (!target) throw new Error(`the ${what} is opened before the tests run, not when the file loads`);
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * One file of browser tests: before them a scratch folder, `setup` (e.g. CLI runs into it) and the
 * explorer opened (on `tab`, when given); after them all closed and removed.
 */
export function explorerSuite(name: string, options: ExplorerOptions & { setup?(scratch: string): void; tab?: string; timeout?: number } = {}): ExplorerSuite {
  let explorer: Explorer | undefined;
  let folder = '';
  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    folder = mkdtempSync(join(tmpdir(), `latentlab-e2e-${name}-`));
    options.setup?.(folder);
    explorer = await openExplorer(options);
    if (options.tab) await explorer.page.click(`nav [role="tab"]:has-text("${options.tab}")`);
  }, options.timeout);
  afterAll(async () => {
    await explorer?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  const page = later(() => explorer?.page, 'page');
  return {
    page,
    explorer: later(() => explorer, 'explorer'),
    scratch: (...parts) => join(folder, ...parts),
    shot: (shotName) => page.screenshot({ path: join(OUTPUT, `${shotName}.png`) }),
  };
}
