/**
 * The setup the end-to-end files share: the built web UI on the static server, Debian's Chromium
 * with the test flags, a page whose errors are collected as they happen; and two ways to read it.
 */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { startStaticServer } from '../../build/scripts/static-server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

/** Chromium with the flags every test uses, plus a file's own (a tag to find its processes by). */
export function launchChromium(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...args] });
}

export interface ServedBrowser {
  browser: Browser;
  server: { url: string; close(): Promise<void> };
  /** The browser, then the server (the server also when the browser fails to close). */
  close(): Promise<void>;
}

/** Serves the web build at `root` and launches Chromium: for files that open their own pages per test. */
export async function serveAndLaunch(root: string): Promise<ServedBrowser> {
  const server = await startStaticServer({ root });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    // The caller never gets a handle to close: close the server here.
    await server.close();
    throw e;
  }
  const close = async () => {
    try {
      await browser.close();
    } finally {
      await server.close();
    }
  };
  return { browser, server, close };
}

/** Uncaught page errors and, unless `withConsole` is false, console errors (CSP violations, failed requests). */
export function collectErrors(page: Page, withConsole = true): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (withConsole)
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  return errors;
}

export interface AppPage extends ServedBrowser {
  page: Page;
  errors: string[];
}

export interface AppPageOptions {
  /** The page's context: its viewport, whether it accepts downloads. */
  context: BrowserContextOptions;
  /** Appended to the server's URL and opened ('' the app, '?sample' with the sample); false: the caller opens it (after its init scripts). */
  goto?: string | false;
  /** false where a file asserts only on uncaught page errors, as it did before this helper. */
  consoleErrors?: boolean;
}

/** Serves `root`, launches Chromium and opens one page on the app, its errors collected from the start. */
export async function openAppPage(root: string, { context, goto = '', consoleErrors = true }: AppPageOptions): Promise<AppPage> {
  const served = await serveAndLaunch(root);
  try {
    const page = await (await served.browser.newContext(context)).newPage();
    const errors = collectErrors(page, consoleErrors);
    if (goto !== false) await page.goto(served.server.url + goto);
    return { ...served, page, errors };
  } catch (e) {
    // As above: nothing else could close them.
    await served.close();
    throw e;
  }
}

/** The innerText of the first element with that data-testid, runs of white space (line breaks too) made one space, trimmed. */
export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until the element with that data-testid shows text matching `pattern` (the RegExp goes to the page as source and flags). */
export async function shows(page: Page, testId: string, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    ([id, source, flags]) => new RegExp(source, flags).test((document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null)?.innerText ?? ''),
    [testId, pattern.source, pattern.flags] as const,
    { timeout: 90_000 },
  );
}

/** Waits until a load has finished: the Data item shows the line count and no load is under way. */
export async function loaded(page: Page, timeout = 90_000): Promise<void> {
  await page
    .waitForFunction(
      () =>
        /\d/.test(document.querySelector('[data-testid="nav-data"] .badge')?.textContent ?? '') &&
        document.querySelector('.progress-bar')?.getAttribute('style')?.includes('hidden'),
      undefined,
      { timeout },
    )
    .catch(async (e: unknown) => {
      throw new Error(`not loaded: ${String(e)}; page: ${(await page.innerText('body')).slice(0, 400)}`);
    });
}
