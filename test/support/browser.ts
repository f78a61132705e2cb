import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { startTestServer, TestServer } from './server';

// Debian's package, which .ci/run installs: playwright's own browser downloads cannot be fetched here.
const CHROMIUM = '/usr/bin/chromium';

export interface WatchedPage {
  browser: Browser;
  page: Page;
  /** Page errors, console errors, failed requests and dialogs, in order: a browser test expects none. */
  problems: string[];
}

/**
 * Headless Chromium with one page whose every error is collected: the page reports in its own
 * panels, never in a dialog or the console.
 */
export async function openWatchedPage(defaultTimeoutMs: number): Promise<WatchedPage> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests drive Debian's Chromium (apt-get install chromium, as .ci/run does)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root needs --no-sandbox; the rest keeps Chromium from calling home on a closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 120_000,
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(defaultTimeoutMs);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // The browser's own cancel: a navigation away from a page whose requests were still running
    // (a test's next goto while the overview loads, in CI's larger shared graph), or the page
    // dropping a request it no longer needs. The server never failed it.
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} ${reason}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { browser, page, problems };
}

export interface ExplorerSession extends WatchedPage {
  server: TestServer;
}

/**
 * A browser test file's frame: the API on the run's database and one watched page for the whole
 * file, opened after `prepare` has written what the file needs. Each test fails on any problem
 * the page reported while it ran. The fields are set once the file's first hook has run.
 */
export function useExplorerSession(defaultTimeoutMs: number, prepare?: (server: TestServer) => Promise<void>): ExplorerSession {
  const session = { problems: [] as string[] } as ExplorerSession;
  // A test is many page steps: with its own timeout no longer than one step's, a step slowed by a
  // loaded machine ends the test as "Exceeded timeout" without saying which step was waiting.
  jest.setTimeout(Math.max(180_000, 3 * defaultTimeoutMs));
  beforeAll(async () => {
    session.server = await startTestServer();
    await prepare?.(session.server);
    Object.assign(session, await openWatchedPage(defaultTimeoutMs));
  }, 300_000);
  afterEach(() => {
    expect(session.problems.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
