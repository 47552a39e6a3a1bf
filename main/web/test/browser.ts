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

/** Code view, Ctrl+G to `line`, waiting for the status bar's Ln. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.getByRole('tab', { name: 'Code' }).click();
  await page.locator('.monaco-editor textarea').focus();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.getByText(new RegExp(`^Ln ${line}\\s+Col`)).waitFor();
}

/** goToLine, then F9: a breakpoint on that line, or off again. */
export async function f9AtLine(page: Page, line: number): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('F9');
}

/** Type text into the focused Monaco editor key by key, at the end of the document, as a learner does: Monaco's own
 *  help is undone line by line so the result is exactly `text` (the bracket or quote it closed ahead of the caret,
 *  the indentation Enter gave), and Escape closes the completion list before Enter so Enter is a new line. */
export async function typeInEditor(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor textarea').focus();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Delete');
    }
    await page.keyboard.type(lines[i]!);
    await closeSuggestions(page);
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
  }
}

/** Close IntelliSense's list and wait until it stays closed: it opens a moment after the last key, and an Enter
 * pressed while it is open would take a suggestion instead of starting a new line (seen on a loaded CI machine). */
async function closeSuggestions(page: Page): Promise<void> {
  const open = () => page.evaluate(() => document.querySelector('.monaco-editor .suggest-widget.visible') !== null);
  for (let quiet = 0; quiet < 3;) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(40);
    quiet = await open() ? 0 : quiet + 1;
  }
}

/** File > New Project from a template (its list entry), named `name`; waits for Solution Explorer to show `shows`. */
export async function newProject(page: Page, template: RegExp, name: string, shows: string): Promise<void> {
  await page.keyboard.press('Control+Shift+N');
  await page.getByRole('option', { name: template }).click();
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText(shows).waitFor();
}

/** Build > Build Solution (Ctrl+Shift+B) and wait for its verdict in the status bar; a failed build fails the test. */
export async function buildSolution(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+B');
  await page.getByTestId('status').filter({ hasText: /Build (succeeded|failed)/ }).waitFor({ timeout: 300_000 });
  if (await page.getByTestId('status').textContent() !== 'Build succeeded') throw new Error(await page.locator('.bottom-content').innerText());
}

/** Build > Deploy Solution and wait for its verdict; a failed deploy fails the test. */
export async function deploySolution(page: Page): Promise<void> {
  await page.locator('.menubar .menu', { hasText: /^Build/ }).dispatchEvent('mousedown');
  await page.getByRole('menuitem', { name: /Deploy Solution/ }).click();
  await page.getByTestId('status').filter({ hasText: /Deploy (succeeded|failed)/ }).waitFor({ timeout: 120_000 });
  if (await page.getByTestId('status').textContent() !== 'Deploy succeeded') throw new Error(await page.locator('.bottom-content').innerText());
}

/** Click into a terminal (a target console, the kd Command window), type a line and Enter. */
export async function typeAt(page: Page, testId: string, line: string): Promise<void> {
  await page.getByTestId(testId).locator('.xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
