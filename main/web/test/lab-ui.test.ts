// The learner's Hello World path in headless Chromium against `npm run web`'s server with a real lab engine, by
// clicks and keys: New Project, type the driver, Ctrl+Shift+B, the Network view (add the test computer, start it,
// watch it boot), its console (cmd.exe on xterm.js), Configure Devices (refused while Secure Boot is on; the
// target's UEFI settings turn it off; provisioned with a generated KDNET key), Deploy Solution, install at the
// target's console with devcon, Device Manager (working), then the kernel debugger: connect, Break, lm, g,
// Ctrl+Break, g. Screenshots go to test-results/lab-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../server.ts';
import { ensureRenderer } from '../renderer-build.ts';
import { appLab } from '../lab-factory.ts';
import { repoRoot } from '../../toolchain/clang.ts';
import { HELLO } from './hello-driver.ts';
import { buildSolution, CHROMIUM, deploySolution, f9AtLine, newProject, openBrowser, pasteInEditor, typeInEditor, waitTerm as waitTermIn } from './browser.ts';

const shots = path.join(repoRoot, 'test-results');
let server: WebServer, page: Page, closeBrowser: () => Promise<void>, workspace: string;
const problems: string[] = [];

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  await ensureRenderer();
  workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-labui-'));
  mkdirSync(shots, { recursive: true });
  server = await startWebServer({ workspace, port: 0, log: (m) => problems.push(`server: ${m}`), lab: appLab() });
  ({ page, close: closeBrowser } = await openBrowser(problems, /ENGINE_NOT_AVAILABLE|Device Manager needs/));
});
after(async () => {
  await closeBrowser?.();
  await server?.close();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(shots, `lab-${name}.png`) });
const waitTerm = (testId: string, re: RegExp, timeout = 60_000, flat = false) => waitTermIn(page, testId, re, timeout, flat);

test('Hello World: project, build, test computer, console, provision, deploy, install, debugger', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed (apt-get install -y chromium)`); return; }
  await page.goto(server.url);
  await page.getByText('Create a new project').waitFor();

  // The lab guide: Hello World followed; its steps tick as the walk below changes the machines.
  await page.getByRole('button', { name: /Lab Guide/ }).click();
  const guide = page.getByTestId('lab-guide');
  await guide.getByLabel('Lab').selectOption({ label: 'Write a Hello World driver (KMDF)' });
  const step = (id: string) => guide.locator(`li[data-step="${id}"]`);
  const ticked = (id: string, timeout = 60_000) => guide.locator(`li[data-step="${id}"][data-passed="true"]`).waitFor({ timeout });
  await step('new-project').locator('.tick', { hasText: '▶' }).waitFor();
  await step('new-project').getByRole('button', { name: 'Show hint' }).click();
  assert.match(await step('new-project').getByLabel('Hint').textContent() ?? '', /work folder/);
  await step('write-driver').locator('.guide-step-title').click();
  await step('write-driver').getByRole('button', { name: 'Show answer' }).click();
  assert.match(await step('write-driver').getByLabel('Answer').textContent() ?? '', /KmdfHelloWorld\/Driver\.c[\s\S]*WdfDriverCreate/);
  await shot('00-lab-guide');
  assert.equal(await guide.locator('li[data-passed="true"]').count(), 0);

  // New Project > KMDF Empty, Add New Item Driver.c, Hello World: DriverEntry pasted, EvtDeviceAdd typed key by key
  // (Monaco's auto-closing and indentation at work); Ctrl+Shift+B saves and builds it.
  await newProject(page, /Kernel Mode Driver, Empty \(KMDF\)/, 'KmdfHelloWorld', 'KmdfHelloWorld.inf');
  await ticked('new-project');
  await page.keyboard.press('Control+Shift+A');
  await page.getByRole('option', { name: /C\+\+ File/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Driver.c');
  await page.getByRole('button', { name: 'Add' }).click();
  const typedFrom = HELLO.indexOf('NTSTATUS\nKmdfHelloWorldEvtDeviceAdd(');
  assert.ok(typedFrom > 0);
  await pasteInEditor(page, HELLO.slice(0, typedFrom));
  await typeInEditor(page, HELLO.slice(typedFrom));
  await shot('00-typed');
  await buildSolution(page);
  assert.equal(readFileSync(path.join(workspace, 'KmdfHelloWorld', 'Driver.c'), 'utf8'), HELLO, 'the typed driver is the Hello World driver');
  await ticked('write-driver');
  await ticked('build');

  // Test > Network: add the test computer and start it; its box shows the boot, then Running.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: '+ Add target computer' }).click();
  await page.getByLabel('Computer name').fill('MyTestComputer');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const box = page.getByLabel('target MyTestComputer');
  await box.waitFor();
  assert.equal(await box.getAttribute('data-state'), 'off');
  await page.getByRole('button', { name: 'Turn on MyTestComputer' }).click();
  await page.locator('[aria-label="target MyTestComputer"][data-state="running"]').waitFor({ timeout: 60_000 });
  await shot('01-network');

  // Its console: cmd.exe's prompt; type a command.
  await page.getByRole('button', { name: 'Console of MyTestComputer' }).click();
  await waitTerm('console-MyTestComputer', /C:\\Users\\User>\s*$/);
  await page.getByTestId('console-MyTestComputer').locator('.xterm').click();
  await page.keyboard.type('hostname');
  await page.keyboard.press('Enter');
  await waitTerm('console-MyTestComputer', /hostname\s+MyTestComputer\s+C:\\Users\\User>/);
  await shot('02-console');
  await ticked('target');

  // Extensions > Driver > Test > Configure Devices: Add New Device, provision with a generated key. The new
  // computer has Secure Boot on, so provisioning stops at the kernel debugger settings and says how to fix it.
  const provisionOnce = async (first: boolean): Promise<{ key: string; ok: boolean }> => {
    await page.locator('.menubar .menu', { hasText: 'Extensions' }).dispatchEvent('mousedown');
    await page.locator('.menu-item.has-sub', { hasText: 'Driver' }).first().hover();
    await page.locator('.submenu .menu-item.has-sub', { hasText: 'Test' }).hover();
    if (first) await shot('03-menu');
    await page.getByRole('menuitem', { name: /Configure Devices/ }).click();
    await page.getByRole('dialog', { name: 'Configure Devices' }).waitFor();
    await page.getByRole('button', { name: 'Add New Device' }).click();
    assert.equal(await page.getByLabel('Network host name').inputValue(), 'MyTestComputer');
    await page.getByLabel('Provision device and choose debugger settings').check();
    await page.getByRole('button', { name: 'Next' }).click();
    // The first time a generated key; then the key the Hello World guide uses.
    if (first) await page.getByRole('button', { name: 'Generate' }).click();
    else await page.getByLabel('Key').fill('1.2.3.4');
    await page.waitForFunction(() => /^[0-9a-z]+(\.[0-9a-z]+){3}$/.test((document.querySelector('input[aria-label=Key]') as HTMLInputElement | null)?.value ?? ''));
    const key = await page.getByLabel('Key').inputValue();
    assert.equal(await page.getByLabel('Port Number').inputValue(), '50000');
    if (first) await shot('03-debugger-settings');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Finish' }).and(page.locator(':not([disabled])')).waitFor({ timeout: 180_000 });
    const ok = /was provisioned/.test(await page.getByRole('dialog').textContent() ?? '');
    return { key, ok };
  };
  const refused = await provisionOnce(true);
  assert.equal(refused.ok, false);
  await page.locator('.prov-steps li', { hasText: 'Configuring kernel debugger settings' }).click();
  const why = await page.getByLabel('Provisioning log').textContent() ?? '';
  await shot('04-secure-boot-refused');
  assert.match(why, /Secure Boot is enabled on the target computer\.[\s\S]*Fix: Turn Secure Boot off/, await page.getByRole('dialog').textContent() ?? '');
  await page.getByRole('button', { name: 'Finish' }).click();

  // The target's UEFI firmware settings: Secure Boot off, save and restart; the firmware says so as it starts.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: 'UEFI firmware settings of MyTestComputer' }).click();
  const fw = page.getByRole('dialog', { name: 'MyTestComputer - UEFI Firmware Settings' });
  await fw.getByText(/UEFI firmware \d/).waitFor();
  assert.equal(await fw.getByLabel('Secure Boot').inputValue(), 'Enabled');
  await fw.getByLabel('Secure Boot').selectOption('Disabled');
  await shot('04-uefi-settings');
  await fw.getByRole('button', { name: 'Save and restart' }).click();
  await page.getByRole('tab', { name: 'MyTestComputer Console' }).click();
  await waitTerm('console-MyTestComputer', /Secure Boot: Off[\s\S]*C:\\Users\\User>\s*$/, 120_000);

  assert.equal(await step('provision').getAttribute('data-passed'), 'false');
  const { key, ok } = await provisionOnce(false);
  await page.getByText('Configuring kernel debugger settings').click();
  const log = await page.getByLabel('Provisioning log').textContent() ?? '';
  assert.ok(ok, log);
  assert.match(log, /Task "Configuring kernel debugger settings \(possible reboot\)" completed successfully/);
  await shot('04-provisioned');
  await page.getByRole('button', { name: 'Finish' }).click();

  // Project Properties > Driver Install > Deployment: the target device; Build > Deploy Solution.
  await page.keyboard.press('Alt+Enter');
  await page.getByLabel('Target Device Name').fill('MyTestComputer');
  await page.getByLabel('Remove previous driver versions before deployment').check();
  await page.getByText('Do not install').click();
  await page.getByRole('button', { name: 'OK' }).click();
  await deploySolution(page);
  const out = await page.getByTestId('output').textContent() ?? '';
  assert.match(out, /Copying driver package to MyTestComputer: C:\\DriverTest\\Drivers\n(?: .*\n)*?\s+KmdfHelloWorld\.sys\s+[\d,]+ bytes/, out);
  await shot('05-deployed');
  // Install at the target's console, as the guide has the learner do.
  await page.getByRole('tab', { name: 'MyTestComputer Console' }).click();
  await page.getByTestId('console-MyTestComputer').locator('.xterm').click();
  await page.keyboard.type('devcon install C:\\DriverTest\\Drivers\\KmdfHelloWorld.inf Root\\KmdfHelloWorld');
  await page.keyboard.press('Enter');
  await waitTerm('console-MyTestComputer', /Drivers installed successfully|failed|error/i, 60_000);
  await shot('06-installed');
  await ticked('deploy');
  await ticked('devcon-install');
  await ticked('device-manager');

  // Device Manager and the kernel debugger: shown as far as the engine offers them.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: 'Device Manager of MyTestComputer' }).click();
  const tree = page.getByTestId('devmgr-MyTestComputer').locator('.tree');
  await tree.waitFor();
  // The target's own device tree: the fixed devices, and the device devcon installed.
  await tree.locator('.tree-row', { hasText: 'PCI Bus' }).waitFor({ timeout: 20_000 });
  await tree.locator('.tree-row', { hasText: 'Communications Port (COM1)' }).waitFor();
  await shot('07-device-manager');
  // Its status as the kernel has it: working (Secure Boot is off, test signing on), no problem badge on its row.
  const row = tree.locator('.tree-row', { hasText: 'KmdfHelloWorld Device' });
  await row.dblclick();
  const status = await page.getByTestId('device-status').textContent() ?? '';
  assert.equal(status, 'This device is working properly.');
  assert.equal(await row.locator('img.badge').count(), 0, status);
  await shot('07-device-properties');
  await page.getByRole('dialog', { name: 'KmdfHelloWorld Device Properties' }).getByRole('button', { name: 'OK' }).click();
  // The kernel debugger: connect over KDNET with the provisioned key, Break (button), lm lists the driver, g; then
  // Ctrl+Break from the keyboard and g again. The target's box follows (broken into / running).
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  assert.equal(await page.getByLabel('Debug target').inputValue(), 'MyTestComputer');
  assert.equal(await page.getByLabel('Key').inputValue(), key);
  await page.getByRole('button', { name: 'Connect' }).click();
  await waitTerm('kd-window', /Using NET for debugging[\s\S]*Waiting to reconnect/);
  await waitTerm('kd-window', /Connected to target \S+ on port \d+[\s\S]*Kernel Debugger connection established\./, 60_000);
  const kdState = (re: RegExp, timeout = 30_000) => page.getByTestId('kd-state').filter({ hasText: re }).waitFor({ timeout });
  await kdState(/Debuggee is running/);
  await shot('08-kernel-debugger');
  await ticked('connect');
  const kdType = async (line: string) => {
    await page.getByTestId('kd-window').locator('.xterm').click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };
  await page.getByRole('button', { name: /Break/ }).click();
  await kdState(/Broken in/);
  await waitTerm('kd-window', /Break instruction exception - code 80000003 \(first chance\)[\s\S]*0: kd>\s*$/);
  await page.locator('[aria-label="target MyTestComputer"][data-state="broken-in"]').waitFor({ state: 'attached', timeout: 10_000 });
  await ticked('break-in');
  await kdType('lm');
  await waitTerm('kd-window', /start +end +module name[\s\S]*KmdfHelloWorld[\s\S]*0: kd>\s*$/);
  await shot('09-kd-lm');
  // Symbols from the build's output folder, then the driver's functions.
  await kdType(`.sympath+ ${path.join(workspace, 'KmdfHelloWorld', 'x64', 'Debug')}`);
  await kdType('.reload');
  await kdType('x KmdfHelloWorld!*');
  await waitTerm('kd-window', /KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd.*0: kd>\s*$/, 60_000, true);
  await ticked('modules-symbols');
  // Source breakpoints from the editor: F9 on the KdPrintEx line of EvtDeviceAdd puts a breakpoint in the gutter
  // and in the debugger's bl; F9 again clears both.
  const bpLine = HELLO.split('\n').findIndex((l) => /KdPrintEx.*KmdfHelloWorldEvtDeviceAdd/.test(l)) + 1;
  await f9AtLine(page, bpLine);
  await page.locator('.monaco-editor .bp-glyph').waitFor({ timeout: 20_000 });
  await shot('11-breakpoint');
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await kdType('bl');
  // The terminal wraps long lines into rows: bl's line is matched with the rows joined.
  const bl = await waitTerm('kd-window', /bl\s[\s\S]*0: kd>\s*$/);
  assert.match(bl.replace(/\n/g, ''), new RegExp(`0 e Disable Clear .*\\[.*Driver\\.c @ ${bpLine}\\] .*KmdfHelloWorld!KmdfHelloWorldEvtDeviceAdd\\+0x`), bl);
  await page.getByRole('tab', { name: 'Code' }).click();
  await page.locator('.monaco-editor textarea').focus();
  await page.keyboard.press('F9');
  await page.locator('.monaco-editor .bp-glyph').waitFor({ state: 'detached', timeout: 20_000 });
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  await kdType('g');
  await kdState(/Debuggee is running/);
  await page.locator('[aria-label="target MyTestComputer"][data-state="running"]').waitFor({ state: 'attached', timeout: 10_000 });
  // Ctrl+Break from the keyboard, then g, and the target answers at its prompt again.
  await page.keyboard.press('Control+Pause');
  await kdState(/Broken in/);
  await waitTerm('kd-window', /Break instruction exception - code 80000003[\s\S]*0: kd>\s*$/);
  await kdType('g');
  await kdState(/Debuggee is running/);
  await page.getByRole('tab', { name: 'MyTestComputer Console' }).click();
  await page.getByTestId('console-MyTestComputer').locator('.xterm').click();
  await page.keyboard.type('ver');
  await page.keyboard.press('Enter');
  await waitTerm('console-MyTestComputer', /ver\s+Microsoft Windows \[Version[\s\S]*C:\\Users\\User>\s*$/);
  await shot('10-lab-guide');
  // The guide now asks for the KdPrintEx lines (the next step): the steps before it are ticked, it is not.
  assert.equal(await guide.locator('li[data-passed="true"]').count(), 11);
  assert.equal(await step('debug-print').getAttribute('data-passed'), 'false');
  assert.deepEqual(problems, []);
});
