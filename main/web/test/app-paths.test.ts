// The app's paths the other walks do not take, in headless Chromium against `npm run web`'s server with a real lab
// engine, on one test computer (Secure Boot off, cabled to the switch, not provisioned):
// 1. the Network view: unplug and plug the network cable, add a serial cable host:COM1 - target:COM1, Restart (the
//    boot's progress bar);
// 2. Configure Devices over that serial cable (Serial: port and baud), with the provisioning progress bar;
// 3. a legacy driver with a NULL dereference (the crash lab's Crashy) built and deployed (their progress bars follow
//    the build's real stages and the deploy), started with sc: the blue screen with its stop code;
// 4. the kernel debugger over COM: a breakpoint set with F9 before connecting (hollow) is handed over at the
//    connection and hits in DriverEntry before the bad write; Ctrl+Break as Chromium sends it (key 'Cancel' with
//    Control); the Breakpoints and Modules panes; a click in the glyph margin; history (Up); Tab completion of a
//    driver symbol; Shift+F5 detaches.
// Screenshots: test-results/paths-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { WebServer } from '../server.ts';
import type { LabHost } from '../../api/host/lab/lab-host.ts';
import { repoRoot } from '../../toolchain/clang.ts';
import { appPage } from './app-page.ts';
import { buildSolution, CHROMIUM, deploySolution, goToLine, newProject, pasteInEditor, typeAt, waitTerm } from './browser.ts';

const NAME = 'PathsPC';
const CONSOLE = `console-${NAME}`;
const shots = path.join(repoRoot, 'test-results');
const CRASHY = readFileSync(path.join(repoRoot, 'labs', 'crash-and-analyze', 'starter', 'Crashy', 'Crashy.c'), 'utf8');
const withBug = (bug: string) => CRASHY.replace(/^#define CRASHY_BUG CRASHY_BUG_NONE$/m, `#define CRASHY_BUG ${bug}`);
const problems: string[] = [];
let server: WebServer, page: Page, closeApp: () => Promise<void>, workspace: string, lab: LabHost;

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  ({ lab, server, page, workspace, close: closeApp } = await appPage(NAME, 'dl-paths-', problems));
  await watchProgress(page);
});
after(async () => { await closeApp?.(); });

const shot = (name: string) => page.screenshot({ path: path.join(shots, `paths-${name}.png`) });
const box = () => page.getByLabel(`target ${NAME}`);
const boxState = (state: string, timeout = 120_000) => page.locator(`[aria-label="target ${NAME}"][data-state="${state}"]`).waitFor({ state: 'attached', timeout });
const kdState = (re: RegExp, timeout = 60_000) => page.getByTestId('kd-state').filter({ hasText: re }).waitFor({ state: 'attached', timeout });

/** Every progress bar the page shows, as it changes: its label, value and the text beside it (a MutationObserver,
 *  so a bar shown only for a moment is still seen). */
async function watchProgress(p: Page): Promise<void> {
  await p.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[role=progressbar]')) {
        const width = (el.firstElementChild as HTMLElement | null)?.style.width ?? '';
        const rec = `${el.getAttribute('aria-label')}|${el.getAttribute('aria-valuenow') ?? width}|${el.parentElement?.firstElementChild?.textContent ?? ''}`;
        if (!seen.includes(rec)) seen.push(rec);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}
const progressSeen = (label: string): Promise<string[]> => page.evaluate((l) => (window as unknown as { progressSeen: string[] }).progressSeen
  .filter((r) => r.startsWith(`${l}|`)), label);

/** The text of one of the kd window's panes once it matches. */
async function paneShows(name: string, re: RegExp): Promise<string> {
  const pane = page.getByTestId('kd-window').getByLabel(name, { exact: true }).locator('pre');
  let last = '';
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    last = await pane.textContent() ?? '';
    if (re.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`the ${name} pane never showed ${re}:\n${last}`);
}

/** The editor lines whose glyph margin shows a breakpoint glyph matching `sel`. */
const glyphLines = (sel: string): Promise<number[]> => page.evaluate((s) => {
  const nums = [...document.querySelectorAll('.monaco-editor .margin-view-overlays .line-numbers')].map((e) => ({ r: e.getBoundingClientRect(), n: Number(e.textContent) }));
  return [...document.querySelectorAll(`.monaco-editor ${s}`)].map((g) => {
    const mid = g.getBoundingClientRect().top + g.getBoundingClientRect().height / 2;
    return nums.find((x) => mid >= x.r.top && mid < x.r.bottom)?.n ?? -1;
  });
}, sel);

test('Network view: unplug and plug the network cable, add a serial cable, Restart shows the boot progress', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  await page.getByRole('tab', { name: 'Network' }).click();
  await boxState('running');
  const netLines = page.getByTestId('network-view').locator('svg line.cable-net');
  assert.equal(await netLines.count(), 2, 'host-switch and switch-target');
  await page.getByRole('button', { name: `Unplug the network cable of ${NAME}` }).click();
  await page.getByRole('button', { name: `Plug in the network cable of ${NAME}` }).waitFor();
  assert.equal(await netLines.count(), 1);
  await shot('0-unplugged');
  await page.getByRole('button', { name: `Plug in the network cable of ${NAME}` }).click();
  await page.getByRole('button', { name: `Unplug the network cable of ${NAME}` }).waitFor();
  assert.equal(await netLines.count(), 2);

  // + Add serial cable: host:COM1 to the target's COM1 (the ends the form proposes), drawn with its label.
  await page.getByRole('button', { name: '+ Add serial cable' }).click();
  assert.equal(await page.getByLabel('Serial cable end A').inputValue(), 'host:COM1');
  assert.equal(await page.getByLabel('Serial cable end B').inputValue(), `${NAME}:COM1`);
  await page.getByRole('button', { name: 'Plug in', exact: true }).click();
  await box().getByRole('button', { name: '✂ Unplug COM1' }).waitFor();
  await page.locator('svg .cable-label', { hasText: `host:COM1 ⟷ ${NAME}:COM1` }).waitFor();
  await shot('1-serial-cable');

  // Restart: the box shows the boot with its progress bar, then Running.
  await page.getByRole('button', { name: `Restart ${NAME}` }).click();
  await page.getByRole('progressbar', { name: `${NAME} boot` }).waitFor({ timeout: 60_000 });
  await shot('2-restarting');
  await boxState('running');
  assert.ok((await progressSeen(`${NAME} boot`)).length > 0);
  assert.deepEqual(problems, []);
});

test('Configure Devices over a serial cable: port and baud, the provisioning progress', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  await page.getByRole('button', { name: 'Configure Devices...' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Add New Device' }).click();
  assert.equal(await page.getByLabel('Network host name').inputValue(), NAME);
  await page.getByLabel('Provision device and choose debugger settings').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Connection Type').selectOption('serial');
  assert.equal(await page.getByLabel('Port', { exact: true }).inputValue(), 'COM1');
  await page.getByLabel('Baud Rate').fill('115200');
  assert.equal(await page.getByLabel('Key').count(), 0, 'no network fields for a serial connection');
  await shot('3-serial-settings');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('progressbar', { name: 'Provisioning' }).waitFor();
  await page.getByRole('button', { name: 'Finish' }).and(page.locator(':not([disabled])')).waitFor({ timeout: 240_000 });
  await page.locator('.prov-steps li').first().click();
  const log = await page.getByLabel('Provisioning log').textContent() ?? '';
  assert.match(await dialog.textContent() ?? '', new RegExp(`${NAME} was provisioned`), log);
  assert.match(log, /^Provisioning PathsPC: serial kernel debugging \(COM1, 115200 baud\)/);
  await page.locator('.prov-steps li', { hasText: 'Configuring kernel debugger settings' }).click();
  assert.match(await page.getByLabel('Provisioning log').textContent() ?? '', /completed successfully\. \(rebooted\)/);
  await shot('4-provisioned-serial');
  assert.ok((await progressSeen('Provisioning')).length > 1, 'the bar moved as the steps finished');
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText(`provisioned, kd COM1`).waitFor();
  await boxState('running', 180_000);
  await page.getByRole('button', { name: `Console of ${NAME}` }).click();
  await waitTerm(page, CONSOLE, /C:\\Users\\User>\s*$/, 120_000);
  assert.deepEqual(problems, []);
});

test('a driver that writes through NULL: built and deployed with their progress, sc start, the blue screen', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  await page.getByRole('tab', { name: 'Code' }).click();
  await newProject(page, /Legacy NT Driver \(WDM\)/, 'Crashy', 'Crashy.inf');
  await page.locator('.monaco-editor textarea').focus();
  await page.keyboard.press('Control+A');
  await pasteInEditor(page, withBug('CRASHY_BUG_NULL_POINTER'));
  await buildSolution(page);
  // The bar followed the build's own stages: each source, the link, the INF, the catalog, in order.
  const built = (await progressSeen('Building')).map((r) => r.split('|'));
  const order = ['Building', 'Compiling Driver.c', 'Compiling wdmsec.c', 'Linking Crashy.sys', 'Stamping and verifying Crashy.inf', 'Signing Crashy.cat'];
  const stages = built.map((r) => r[2]!).filter((st, i, a) => st !== a[i - 1]);
  assert.ok(stages.every((st) => order.includes(st)), JSON.stringify(built));
  assert.deepEqual(stages, [...stages].sort((a, b) => order.indexOf(a) - order.indexOf(b)), 'in the build\'s order');
  for (const st of ['Compiling Driver.c', 'Linking Crashy.sys']) assert.ok(stages.includes(st), JSON.stringify(built));
  const percents = built.map((r) => Number(r[1]));
  assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'the bar never goes back');

  // Deploy (copy only) to the provisioned target.
  await page.keyboard.press('Alt+Enter');
  await page.getByLabel('Target Device Name').fill(NAME);
  await page.getByText('Do not install').click();
  await page.getByRole('button', { name: 'OK' }).click();
  await deploySolution(page);
  assert.ok((await progressSeen('Deploying')).length > 0);

  // sc create + sc start at the console: DriverEntry writes through NULL and the target stops on a blue screen.
  await page.getByRole('tab', { name: `${NAME} Console` }).click();
  await typeAt(page, CONSOLE, 'sc create Crashy type= kernel binPath= C:\\DriverTest\\Drivers\\Crashy.sys');
  await waitTerm(page, CONSOLE, /CreateService SUCCESS[\s\S]*C:\\Users\\User>\s*$/);
  await typeAt(page, CONSOLE, 'sc start Crashy');
  const blue = page.getByRole('alertdialog', { name: `${NAME} blue screen` });
  await blue.waitFor({ timeout: 120_000 });
  const text = await blue.textContent() ?? '';
  assert.match(text, /Your device ran into a problem and needs to restart\./);
  // DriverEntry runs on the system thread sc's load request went to: its access violation is that thread's.
  assert.match(text, /Stop code: SYSTEM_THREAD_EXCEPTION_NOT_HANDLED/, text);
  assert.match(text, /0x0000007E \(0xFFFFFFFFC0000005, 0xFFFFF8/, text);
  assert.match(text, /What failed: Crashy\.sys/, text);
  await shot('5-blue-screen');
  await blue.click();
  await blue.waitFor({ state: 'detached' });
  await page.getByRole('tab', { name: 'Network' }).click();
  await boxState('running', 180_000);
  assert.deepEqual(problems, []);
});

test('kernel debugger over COM: F9 before connecting, Ctrl+Break (Cancel), panes, glyph click, history, Tab, Shift+F5', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  // The same driver, its bug still in: a breakpoint before the bad write, then Stop Debugging lets it run into it.
  // F9 on DriverEntry's call of CrashyMisbehave with no debugger yet: kept, drawn hollow.
  const lines = CRASHY.split('\n');
  const bpLine = lines.findIndex((l) => /status = CrashyMisbehave\(device\);/.test(l)) + 1;
  const otherLine = lines.findIndex((l) => /KeInitializeSpinLock\(&CrashyLock\);/.test(l)) + 1;
  assert.ok(bpLine > 0 && otherLine > 0);
  await goToLine(page, bpLine);
  await page.keyboard.press('F9');
  await page.locator('.monaco-editor .bp-glyph.pending').waitFor();
  assert.deepEqual(await glyphLines('.bp-glyph.deferred'), [bpLine]);
  await shot('6-pending-breakpoint');

  // Connect over COM1 as provisioned; the breakpoint goes with the connection.
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  assert.equal(await page.getByLabel('Debug target').inputValue(), NAME);
  assert.equal(await page.getByLabel('Connection', { exact: true }).inputValue(), 'serial');
  assert.equal(await page.getByLabel('COM port').inputValue(), 'COM1');
  assert.equal(await page.getByLabel('Baud rate').inputValue(), '115200');
  await page.getByRole('button', { name: 'Connect' }).click();
  await waitTerm(page, 'kd-window', /Opened \\\\\.\\COM1[\s\S]*Kernel Debugger connection established\./, 120_000);
  await kdState(/Debuggee is running/);

  // Ctrl+Break as Chromium delivers it: key 'Cancel' (code Pause, VK_CANCEL) with Control, through Chromium's own
  // input pipeline (playwright's keyboard has no 'Cancel').
  const cdp = await page.context().newCDPSession(page);
  const ctrlBreak = { modifiers: 2, key: 'Cancel', code: 'Pause', windowsVirtualKeyCode: 3, nativeVirtualKeyCode: 3 };
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...ctrlBreak });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...ctrlBreak });
  await kdState(/Broken in/);
  await waitTerm(page, 'kd-window', /Break instruction exception - code 80000003[\s\S]*0: kd>\s*$/);
  // The panes: the deferred bu from the editor, and the loaded modules.
  await paneShows('Breakpoints', /^\s*0 eu\s+0001 \(0001\) \(`Driver\.c:\d+`\)\s*$/);
  assert.match(await paneShows('Breakpoints', /Driver\.c/), new RegExp(`\`Driver\\.c:${bpLine}\``));
  const mods = await paneShows('Modules', /start\s+end\s+module name/);
  for (const m of ['nt', 'hal']) assert.match(mods, new RegExp(`^fffff8[0-9a-f\`]+ fffff8[0-9a-f\`]+\\s+${m}\\b`, 'm'), mods);
  assert.doesNotMatch(mods, /Crashy/, 'not loaded yet');
  await shot('7-panes');

  // A click in the glyph margin sets a breakpoint there (the pane gains its row); a second click clears it.
  await goToLine(page, otherLine);
  const glyphAt = async () => {
    // The status bar shows the new line before Monaco has drawn the scrolled view: wait for its number to be drawn.
    await page.waitForFunction((n) => [...document.querySelectorAll('.monaco-editor .margin-view-overlays .line-numbers')]
      .some((e) => Number(e.textContent) === n), otherLine);
    const r = await page.evaluate((n) => {
      const num = [...document.querySelectorAll('.monaco-editor .margin-view-overlays .line-numbers')].find((e) => Number(e.textContent) === n)!.getBoundingClientRect();
      const margin = document.querySelector('.monaco-editor .margin')!.getBoundingClientRect(); // the glyph margin is its first 18 px
      return { x: margin.left + 9, y: num.top + num.height / 2 };
    }, otherLine);
    await page.mouse.click(r.x, r.y);
  };
  await glyphAt();
  await page.waitForFunction((n) => document.querySelectorAll('.monaco-editor .bp-glyph').length === n, 2);
  assert.deepEqual((await glyphLines('.bp-glyph')).sort((a, b) => a - b), [otherLine, bpLine].sort((a, b) => a - b));
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await paneShows('Breakpoints', new RegExp(`Driver\\.c:${bpLine}[\\s\\S]*\\n\\s*1 eu .*Driver\\.c:${otherLine}`));
  await page.getByRole('tab', { name: 'Code' }).click();
  await glyphAt();
  await page.waitForFunction((n) => document.querySelectorAll('.monaco-editor .bp-glyph').length === n, 1);
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await paneShows('Breakpoints', /^\s*0 eu[^\n]*\s*$/);

  // History: Up recalls the last command line.
  await typeAt(page, 'kd-window', 'lm m hal');
  await waitTerm(page, 'kd-window', /lm m hal[\s\S]*hal[\s\S]*0: kd>\s*$/);
  await page.keyboard.press('ArrowUp');
  await waitTerm(page, 'kd-window', /0: kd> lm m hal\s*$/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => (document.querySelector('[data-testid=kd-window] .xterm-rows') as HTMLElement).innerText.split('kd> lm m hal').length === 3);

  // Symbols from the build's folder; g; sc start: the breakpoint handed over at the connection hits in DriverEntry.
  await typeAt(page, 'kd-window', `.sympath+ ${path.join(workspace, 'Crashy', 'x64', 'Debug')}`);
  await waitTerm(page, 'kd-window', /Symbol search path is: .*Crashy[\s\S]*0: kd>\s*$/, 60_000, true);
  await typeAt(page, 'kd-window', 'g');
  await kdState(/Debuggee is running/);
  await page.getByRole('tab', { name: `${NAME} Console` }).click();
  await typeAt(page, CONSOLE, 'sc start Crashy');
  await kdState(/Broken in/, 120_000);
  await page.locator('.monaco-editor .debug-current-line').waitFor();
  assert.deepEqual(await glyphLines('.debug-current-glyph'), [bpLine]);
  await page.locator('.monaco-editor .bp-glyph:not(.deferred)').waitFor();
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await paneShows('Breakpoints', new RegExp(`0 e Disable Clear .*\\[.*Driver\\.c @ ${bpLine}\\].*Crashy!DriverEntry\\+0x`));
  await paneShows('Modules', /\bCrashy\b/);

  // Tab completes a driver symbol.
  await page.getByTestId('kd-window').locator('.xterm').click();
  await page.keyboard.type('x Crashy!CrashyMis');
  await page.keyboard.press('Tab');
  await waitTerm(page, 'kd-window', /0: kd> x Crashy!CrashyMisbehave\s*$/);
  await page.keyboard.press('Enter');
  await waitTerm(page, 'kd-window', /Crashy!CrashyMisbehave[\s\S]*0: kd>\s*$/, 60_000, true);
  await shot('8-hit-and-complete');

  // Shift+F5: Stop Debugging detaches (the breakpoint comes out and the target is let go).
  await page.keyboard.press('Shift+F5');
  await kdState(/Not connected/);
  // As Visual Studio keeps it: the breakpoint waits, hollow, for the next session.
  await page.getByRole('tab', { name: 'Code' }).click();
  await page.locator('.monaco-editor .bp-glyph.pending').waitFor();
  assert.deepEqual(await glyphLines('.bp-glyph'), [bpLine]);
  await shot('9-detached');
  assert.deepEqual(problems, []);
});
