// The app's debugging path in headless Chromium against `npm run web`'s server, on a provisioned test computer
// (network kernel debugging, as Configure Devices leaves it; lab-ui.test.ts walks that wizard itself):
// 1. Source debugging: New Project, type Hello World, build, deploy; the kernel debugger connects and breaks in; F9
//    in the editor's gutter sets a breakpoint on EvtDeviceAdd's KdPrintEx line (deferred: the driver is not loaded);
//    F5; `devcon install` at the target's console; the hit highlights that line; F10 moves the highlight to the next
//    source line, F11 steps into the WdfDeviceCreate wrapper (our wdfdevice.h), Shift+F11 comes back, F10 again, and
//    the Call Stack and Locals panes follow each stop; F5 lets the install finish.
// 2. The I/O view on Echo: echoapp's CREATE/WRITE/READ IRPs as rows (major function, status, the driver), a READ held
//    by Echo's FDO while a breakpoint in EchoEvtIoRead has the target broken in (the banner says so), then released.
// Also the console after a restart: the firmware starts on a fresh line. Screenshots: test-results/debug-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../server.ts';
import { ensureRenderer } from '../renderer-build.ts';
import { appLab } from '../lab-factory.ts';
import type { LabHost } from '../../api/host/lab/lab-host.ts';
import { waitForPrompt } from '../../api/host/lab/console-runner.ts';
import { prepareTarget } from '../../engine/provision/prepare.ts';
import { provision } from '../../engine/provision/provision.ts';
import { repoRoot } from '../../toolchain/clang.ts';
import { buildDriver } from '../../../kernel/wdf/test/harness.ts';
import { build, programs } from '../../../kernel/user/test/target.ts';
import { HELLO } from './hello-driver.ts';
import { CHROMIUM, f9AtLine, openBrowser, pasteInEditor, waitTerm } from './browser.ts';

const NAME = 'DebugPC';
const KEY = '1.2.3.4';
const ECHO_DIR = 'C:\\DriverTest\\Echo';
const shots = path.join(repoRoot, 'test-results');
const problems: string[] = [];
let server: WebServer, page: Page, closeBrowser: () => Promise<void>, workspace: string, lab: LabHost;
let echo: { dir: string; files: Record<string, Uint8Array> };

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  lab = appLab();
  // The builds first: provisioning's ping has a timeout, which clang running beside it on a loaded machine can miss.
  const [pkg, app] = await Promise.all([buildDriver('Echo'), build(path.join(programs, 'echoapp'), 'echoapp.exe'), ensureRenderer()]);
  echo = { dir: pkg.dir, files: { ...pkg.files, 'echoapp.exe': app } };
  // The test computer as provisioning leaves it: Secure Boot off, cabled to the host, KDNET on port 50000.
  const engine = await lab.lab();
  await engine.newTarget(NAME);
  await prepareTarget(engine, NAME, {});
  engine.cable({ kind: 'net', a: 'host', b: NAME });
  lab.setNetCable(NAME, true);
  await engine.power(NAME, true);
  await waitForPrompt(lab, engine, NAME, 120_000);
  const r = await provision(engine, NAME, { debugger: { kind: 'net', port: 50000, key: KEY } });
  assert.ok(r.ok, r.lines.join('\n'));
  lab.provisioned.set(NAME, { hostName: NAME, debug: { kind: 'net', hostIp: engine.host.ip, port: 50000, key: KEY } });
  await waitForPrompt(lab, engine, NAME, 120_000);
  workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-debugui-'));
  mkdirSync(shots, { recursive: true });
  server = await startWebServer({ workspace, port: 0, log: (m) => problems.push(`server: ${m}`), lab });
  ({ page, close: closeBrowser } = await openBrowser(problems, /ENGINE_NOT_AVAILABLE/));
});
after(async () => {
  await closeBrowser?.();
  await server?.close();
  await lab?.close();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(shots, `debug-${name}.png`) });
const CONSOLE = `console-${NAME}`;
async function typeAt(testId: string, line: string): Promise<void> {
  await page.getByTestId(testId).locator('.xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
const kdState = (re: RegExp, timeout = 60_000) => page.getByTestId('kd-state').filter({ hasText: re }).waitFor({ state: 'attached', timeout });
/** The editor lines (by their line numbers) that carry a decoration whose class is `cls`. */
const decorated = (cls: string): Promise<number[]> => page.evaluate((c) => {
  const nums = [...document.querySelectorAll('.monaco-editor .margin-view-overlays .line-numbers')]
    .map((e) => ({ r: e.getBoundingClientRect(), n: Number(e.textContent) }));
  return [...document.querySelectorAll(`.monaco-editor .${c}`)].map((g) => {
    const r = g.getBoundingClientRect();
    const mid = r.top + r.height / 2;
    return nums.find((x) => mid >= x.r.top && mid < x.r.bottom)?.n ?? -1;
  });
}, cls);
/** What the learner sees in the middle of the current-statement highlight: the editor's text, or something over it. */
const onTopOfCurrent = (): Promise<string> => page.evaluate(() => {
  const d = document.querySelector('.monaco-editor .debug-current-line');
  if (!d) return 'none';
  const r = d.getBoundingClientRect();
  const el = document.elementFromPoint(r.left + 100, r.top + r.height / 2);
  return el?.closest('.sticky-widget') ? 'sticky scroll header' : el?.closest('.monaco-editor .lines-content') ? 'editor' : el?.className ?? 'nothing';
});
/** Wait until the current-statement highlight is on exactly these lines (none: []), in view and not covered. */
async function currentLine(lines: number[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  let seen = '';
  while (Date.now() < deadline) {
    const [a, b, top] = [await decorated('debug-current-line'), await decorated('debug-current-glyph'), await onTopOfCurrent()];
    seen = `${JSON.stringify(a)} (glyph ${JSON.stringify(b)}, ${top})`;
    if (JSON.stringify(a) === JSON.stringify(lines) && JSON.stringify(b) === JSON.stringify(lines) && (!lines.length || top === 'editor')) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the current line is ${seen}, not ${JSON.stringify(lines)} in view`);
}
const pane = (name: string) => page.getByTestId('kd-window').getByLabel(name, { exact: true }).locator('pre');
async function paneShows(name: string, re: RegExp): Promise<string> {
  let last = '';
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    last = await pane(name).textContent() ?? '';
    if (re.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`the ${name} pane never showed ${re}:\n${last}`);
}

test('source debugging: F9 in the gutter, the hit highlighted, F10/F11/Shift+F11 move the highlight, panes follow, F5 goes', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed (apt-get install -y chromium)`); return; }
  await page.goto(server.url);
  await page.getByText('Create a new project').waitFor();

  // The console has the provisioning's restarts in it: each time the firmware started on a line of its own, not
  // after the prompt the machine left on the screen.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: `Console of ${NAME}` }).click();
  const boot = await waitTerm(page, CONSOLE, /C:\\Users\\User>\s*$/);
  const banners = boot.match(/UEFI firmware/g)?.length ?? 0;
  assert.ok(banners >= 2, `provisioning restarted the target:\n${boot}`);
  assert.equal(boot.match(/^DriverLab UEFI firmware/gm)?.length, banners, boot);
  assert.match(boot, /C:\\Users\\User>\nDriverLab UEFI firmware/, 'a restart at the prompt');
  await shot('0-console-after-restarts');

  // New Project > KMDF Empty, Driver.c with Hello World, Ctrl+Shift+B.
  await page.getByRole('tab', { name: 'Code' }).click();
  await page.keyboard.press('Control+Shift+N');
  await page.getByRole('option', { name: /Kernel Mode Driver, Empty \(KMDF\)/ }).click();
  await page.getByLabel('Project name').fill('KmdfHelloWorld');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('KmdfHelloWorld.inf').waitFor();
  await page.keyboard.press('Control+Shift+A');
  await page.getByRole('option', { name: /C\+\+ File/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Driver.c');
  await page.getByRole('button', { name: 'Add' }).click();
  await pasteInEditor(page, HELLO);
  await page.getByText(new RegExp(`^Ln ${HELLO.split('\n').length}\\s+Col`)).waitFor();
  await page.keyboard.press('Control+Shift+B');
  await page.getByTestId('status').filter({ hasText: /Build (succeeded|failed)/ }).waitFor({ timeout: 300_000 });
  if (await page.getByTestId('status').textContent() !== 'Build succeeded') assert.fail(await page.locator('.bottom-content').innerText());

  // Deploy to the provisioned target (copy only: the learner installs at the console).
  await page.keyboard.press('Alt+Enter');
  await page.getByLabel('Target Device Name').fill(NAME);
  await page.getByText('Do not install').click();
  await page.getByRole('button', { name: 'OK' }).click();
  await page.locator('.menubar .menu', { hasText: /^Build/ }).dispatchEvent('mousedown');
  await page.getByRole('menuitem', { name: /Deploy Solution/ }).click();
  await page.getByTestId('status').filter({ hasText: /Deploy (succeeded|failed)/ }).waitFor({ timeout: 120_000 });
  if (await page.getByTestId('status').textContent() !== 'Deploy succeeded') assert.fail(await page.locator('.bottom-content').innerText());

  // The kernel debugger: the provisioned settings are filled in; connect, Break, the build's symbols.
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  assert.equal(await page.getByLabel('Key').inputValue(), KEY);
  await page.getByRole('button', { name: 'Connect' }).click();
  await kdState(/Debuggee is running/);
  await page.getByRole('button', { name: /Break/ }).click();
  await kdState(/Broken in/);
  await typeAt('kd-window', `.sympath+ ${path.join(workspace, 'KmdfHelloWorld', 'x64', 'Debug')}`);
  await waitTerm(page, 'kd-window', /Symbol search path is: .*KmdfHelloWorld[\s\S]*0: kd>\s*$/, 60_000, true);

  // F9 on EvtDeviceAdd's KdPrintEx line: the driver is not loaded, so the breakpoint is deferred (a hollow glyph).
  const lines = HELLO.split('\n');
  const bpLine = lines.findIndex((l) => /KdPrintEx.*KmdfHelloWorldEvtDeviceAdd/.test(l)) + 1;
  const createLine = lines.findIndex((l) => /status = WdfDeviceCreate\(/.test(l)) + 1;
  const returnLine = lines.findIndex((l, i) => i >= createLine && /return status;/.test(l)) + 1;
  assert.ok(bpLine > 0 && createLine > bpLine && returnLine > createLine);
  await f9AtLine(page, bpLine);
  await page.getByTestId('status').filter({ hasText: `Bp expression '\`Driver.c:${bpLine}\`' could not be resolved, adding deferred bp` }).waitFor();
  await page.locator('.monaco-editor .bp-glyph.deferred').waitFor();
  assert.deepEqual(await decorated('bp-glyph'), [bpLine]);
  await shot('1-deferred-breakpoint');

  // F5 (Continue), then install at the target's console: PnP calls EvtDeviceAdd and the breakpoint hits.
  await page.keyboard.press('F5');
  await kdState(/Debuggee is running/);
  assert.deepEqual(await decorated('bp-glyph'), [bpLine], 'the breakpoint stays in the gutter while the target runs');
  await page.getByRole('tab', { name: `${NAME} Console` }).click();
  await typeAt(CONSOLE, 'cd C:\\DriverTest\\Drivers');
  await typeAt(CONSOLE, 'devcon install KmdfHelloWorld.inf Root\\KmdfHelloWorld');
  await kdState(/Broken in/, 120_000);
  // The editor comes to the front with the stopped line highlighted; the breakpoint is now resolved (solid).
  await page.locator('.monaco-editor').waitFor();
  await currentLine([bpLine]);
  await page.locator('.monaco-editor .bp-glyph:not(.deferred)').waitFor();
  assert.deepEqual(await decorated('bp-glyph'), [bpLine]);
  await paneShows('Call Stack', new RegExp(`KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd\\+0x[0-9a-f]+ \\[.*Driver\\.c @ ${bpLine}\\][\\s\\S]*Wdf01000!FxDriver::AddDevice`));
  await paneShows('Locals', /DeviceInit = /);
  await shot('2-breakpoint-hit');

  // F10: the next source line (WdfDeviceCreate's).
  await page.keyboard.press('F10');
  await currentLine([createLine]);
  await paneShows('Call Stack', new RegExp(`Call Site\\n.*KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd\\+0x[0-9a-f]+ \\[.*Driver\\.c @ ${createLine}\\]`));
  // The Command window shows the step as WinDbg's does: the command and the new place; Disassembly follows the IP.
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await waitTerm(page, 'kd-window', /0: kd> p\s*\nKmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd\+0x[0-9a-f]+:\s*\n.*\n0: kd>\s*$/);
  await paneShows('Disassembly', /^KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd\+0x[0-9a-f]+ \[.*Driver\.c @ \d+\]:/);
  await shot('3-step-over-kd-panes');

  // F11: into the WdfDeviceCreate wrapper our wdfdevice.h defines; the Call Stack pane shows it on top and the
  // editor opens the header read-only (as VS opens the WDK's) with the stopped line highlighted.
  await page.keyboard.press('F11');
  const stack = await paneShows('Call Stack', /Call Site\n.*KmdfHelloWorld!WdfDeviceCreate(\+0x[0-9a-f]+)? \[.*wdfdevice\.h @ \d+\]\n.*KmdfHelloWorldEvtDeviceAdd/);
  const headerLine = Number(/wdfdevice\.h @ (\d+)\]/.exec(stack)![1]);
  const activeDoc = page.locator('.doc-tab.active');
  await activeDoc.filter({ hasText: /^wdfdevice\.h/ }).waitFor();
  await currentLine([headerLine]);
  await page.locator('.monaco-editor textarea').focus();
  await page.keyboard.type('x');
  assert.equal(await activeDoc.locator('span').first().innerText(), 'wdfdevice.h', 'read-only: typing changes nothing (no *)');
  await shot('4-step-into-header');
  // Shift+F11: back in EvtDeviceAdd, on the line of the call.
  await page.keyboard.press('Shift+F11');
  await activeDoc.filter({ hasText: /^Driver\.c/ }).waitFor();
  await currentLine([createLine]);
  await paneShows('Call Stack', /Call Site\n.*KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd\+0x/);
  // F10 again: the return statement; Locals shows the status WdfDeviceCreate returned.
  await page.keyboard.press('F10');
  await currentLine([returnLine]);
  await paneShows('Locals', /status = 0n0\b|status = 0\b/);
  await shot('5-step-out-and-over');

  // F5: the target runs; the highlight goes, the breakpoint glyph stays; devcon finishes.
  await page.keyboard.press('F5');
  await kdState(/Debuggee is running/);
  await currentLine([]);
  assert.deepEqual(await decorated('bp-glyph'), [bpLine]);
  await page.getByRole('tab', { name: `${NAME} Console` }).click();
  await waitTerm(page, CONSOLE, /Drivers installed successfully\.\s+C:\\DriverTest\\Drivers>\s*$/);
  assert.deepEqual(problems, []);
});

test('I/O view: echoapp\'s IRPs on Echo\'s stack, a READ held by Echo while the target is broken in', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  // Echo and echoapp copied to the target (as Deploy does), installed at its console.
  const host = (await lab.lab()).machineHost(NAME);
  await host.request({ t: 'disk', op: 'mkdir', path: ECHO_DIR });
  for (const [f, bytes] of Object.entries(echo.files)) await host.request({ t: 'disk', op: 'write', path: `${ECHO_DIR}\\${f}`, data: bytes });
  await page.getByRole('tab', { name: `${NAME} Console` }).click();
  await typeAt(CONSOLE, `cd ${ECHO_DIR}`);
  await typeAt(CONSOLE, 'devcon install echo.inf root\\ECHO');
  await waitTerm(page, CONSOLE, /devcon install echo\.inf[\s\S]*Drivers installed successfully\.\s+C:\\DriverTest\\Echo>\s*$/, 120_000);

  // Device Manager > the Echo device > I/O view: FDO (\Driver\ECHO) over the root PDO.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: `Device Manager of ${NAME}` }).click();
  const dm = page.getByTestId(`devmgr-${NAME}`);
  await dm.getByRole('treeitem', { name: 'Sample WDF Echo Driver' }).click();
  await dm.getByRole('button', { name: 'I/O view' }).click();
  const view = page.getByTestId('io-view');
  const boxes = view.getByTestId('io-box');
  await boxes.nth(1).waitFor();
  assert.deepEqual(await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))), ['FDO', 'PDO']);
  assert.match(await boxes.nth(0).innerText(), /\\Driver\\ECHO/);

  // A breakpoint in EchoEvtIoRead: break in, symbols, bp, go.
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await page.getByRole('button', { name: /Break/ }).click();
  await kdState(/Broken in/);
  await typeAt('kd-window', `.sympath+ ${echo.dir}`);
  await typeAt('kd-window', '.reload');
  await typeAt('kd-window', 'bp ECHO!EchoEvtIoRead');
  await typeAt('kd-window', 'bl');
  await waitTerm(page, 'kd-window', /\d e Disable Clear .*ECHO!EchoEvtIoRead[\s\S]*0: kd>\s*$/i, 60_000, true);
  await typeAt('kd-window', 'g');
  await kdState(/Debuggee is running/);

  // echoapp at the target's console: CREATE and WRITE go through; the READ reaches the breakpoint.
  await page.getByRole('tab', { name: `${NAME} Device Manager` }).click();
  const broken = view.getByTestId('io-broken-in');
  assert.equal(await broken.count(), 0, 'no banner while the target runs');
  await page.getByRole('tab', { name: `${NAME} Console` }).click();
  await typeAt(CONSOLE, 'echoapp');
  await kdState(/Broken in/, 120_000);
  await page.getByRole('tab', { name: `${NAME} Device Manager` }).click();
  await broken.waitFor({ timeout: 30_000 });
  assert.equal(await broken.textContent(), 'Target is broken in');
  const row = (major: string, phase: string) => view.locator(`tr.io-row[data-major="${major}"][data-phase="${phase}"]`);
  await row('IRP_MJ_READ', 'call').first().waitFor({ timeout: 30_000 });
  for (const major of ['IRP_MJ_CREATE', 'IRP_MJ_WRITE']) {
    const done = row(major, 'complete').first();
    assert.equal(await done.getAttribute('data-status'), 'STATUS_SUCCESS', major);
    assert.match(await done.innerText(), /FDO \(\\Driver\\ECHO\)/);
  }
  assert.equal(await row('IRP_MJ_READ', 'complete').count(), 0, 'the READ has not completed');
  // Echo's FDO holds the READ while the target is stopped in EchoEvtIoRead.
  assert.match(await boxes.nth(0).getByTestId('io-held').innerText(), /READ/);
  await shot('6-io-view-broken-in');

  // bc *, g: the READ completes, the banner goes, echoapp verifies its data.
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await typeAt('kd-window', 'bc *');
  await typeAt('kd-window', 'g');
  await kdState(/Debuggee is running/);
  await page.getByRole('tab', { name: `${NAME} Device Manager` }).click();
  await broken.waitFor({ state: 'detached', timeout: 30_000 });
  await row('IRP_MJ_READ', 'complete').first().waitFor({ timeout: 30_000 });
  assert.equal(await row('IRP_MJ_READ', 'complete').first().getAttribute('data-status'), 'STATUS_SUCCESS');
  await view.getByTestId('io-held').first().waitFor({ state: 'detached', timeout: 30_000 });
  await shot('7-io-view-running');
  await page.getByRole('tab', { name: `${NAME} Console` }).click();
  await waitTerm(page, CONSOLE, /Verified 512 bytes[\s\S]*Verified 30720 bytes[\s\S]*C:\\DriverTest\\Echo>\s*$/, 120_000);
  // Back in the I/O view, the list has followed the newest rows (echoapp's CLOSE is in view).
  await page.getByRole('tab', { name: `${NAME} Device Manager` }).click();
  await row('IRP_MJ_CLOSE', 'complete').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-testid=io-timeline]')!.getBoundingClientRect();
    const last = [...document.querySelectorAll('tr.io-row')].at(-1)!.getBoundingClientRect();
    return last.bottom <= box.bottom + 1 && last.top >= box.top;
  }, null, { timeout: 10_000 });
  assert.ok(await view.getByTestId('io-timeline').evaluate((el) => el.scrollHeight > el.clientHeight), 'more rows than the view shows at once');
  assert.deepEqual(problems, []);
});
