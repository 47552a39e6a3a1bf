// What the browser tests share: headless Debian Chromium through playwright-core (never a downloaded browser), and
// reading the xterm.js terminals (target consoles, the kd Command window) as text.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** A fresh profile and one page; page errors and console errors (except those `ignore` matches) go to `problems`. */
export async function openBrowser(problems: string[], ignore?: RegExp): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'dl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1440, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !(ignore?.test(m.text()))) problems.push(`console: ${m.text()}`); });
  return { context, page, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** The text an xterm shows (its rows; non-breaking spaces as spaces). */
export async function termText(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).locator('.xterm-rows').innerText()).replace(/\u00a0/g, ' ');
}

/** Wait until the terminal's text matches; `flat` joins its rows first (a long line wraps into several rows). */
export async function waitTerm(page: Page, testId: string, re: RegExp, timeout = 60_000, flat = false): Promise<string> {
  let last = '';
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    last = await termText(page, testId);
    if (re.test(flat ? last.replace(/\n/g, '') : last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${testId} never showed ${re}:\n${last}`);
}

/** Paste text into the focused Monaco editor, as Ctrl+V does (typing it would auto-indent every line again). */
export async function pasteInEditor(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor textarea').focus();
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.querySelector('.monaco-editor textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Code view, Ctrl+G to `line` (waiting for the status bar's Ln), then F9: a breakpoint on that line, or off again. */
export async function f9AtLine(page: Page, line: number): Promise<void> {
  await page.getByRole('tab', { name: 'Code' }).click();
  await page.locator('.monaco-editor textarea').focus();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.getByText(new RegExp(`^Ln ${line}\\s+Col`)).waitFor();
  await page.keyboard.press('F9');
}
