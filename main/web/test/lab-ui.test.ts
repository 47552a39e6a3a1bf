// The learner's Hello World path in headless Chromium against `npm run web`'s server with a real lab engine, by
// clicks and keys: New Project, type the driver, Ctrl+Shift+B, the Network view (add the test computer, start it,
// watch it boot), its console (cmd.exe on xterm.js), Configure Devices (provision with a generated KDNET key),
// Deploy Solution, install at the target's console with devcon, then the kernel debugger window. Screenshots go
// to test-results/lab-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../server.ts';
import { ensureRenderer } from '../renderer-build.ts';
import { appLab } from '../lab-factory.ts';
import { repoRoot } from '../../toolchain/clang.ts';
import { moduleExports } from '../../../kernel/exports.ts';
import { HELLO } from './hello-driver.ts';

const CHROMIUM = '/usr/bin/chromium';
const shots = path.join(repoRoot, 'test-results');
let server: WebServer, context: BrowserContext, page: Page, workspace: string, profile: string;
const problems: string[] = [];

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  await ensureRenderer();
  workspace = mkdtempSync(path.join(os.tmpdir(), 'dl-labui-'));
  profile = mkdtempSync(path.join(os.tmpdir(), 'dl-chromium-'));
  mkdirSync(shots, { recursive: true });
  server = await startWebServer({ workspace, port: 0, log: (m) => problems.push(`server: ${m}`), lab: appLab({ paced: false }) });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1440, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/ENGINE_NOT_AVAILABLE|Device Manager needs/.test(m.text())) problems.push(`console: ${m.text()}`); });
});
after(async () => {
  await context?.close();
  await server?.close();
  for (const d of [workspace, profile]) if (d) rmSync(d, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(shots, `lab-${name}.png`) });
/** The text an xterm shows (its rows, trimmed). */
const termText = (testId: string) => page.getByTestId(testId).locator('.xterm-rows').innerText();
async function waitTerm(testId: string, re: RegExp, timeout = 60_000): Promise<string> {
  let last = '';
  await page.waitForFunction(() => true);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    last = (await termText(testId)).replace(/\u00a0/g, ' ');
    if (re.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${testId} never showed ${re}:\n${last}`);
}

test('Hello World: project, build, test computer, console, provision, deploy, install, debugger', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed (apt-get install -y chromium)`); return; }
  await page.goto(server.url);
  await page.getByText('Create a new project').waitFor();

  // New Project > KMDF Empty, Add New Item Driver.c, type Hello World, build.
  await page.keyboard.press('Control+Shift+N');
  await page.getByRole('option', { name: /Kernel Mode Driver, Empty \(KMDF\)/ }).click();
  await page.getByLabel('Project name').fill('KmdfHelloWorld');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('KmdfHelloWorld.inf').waitFor();
  await page.keyboard.press('Control+Shift+A');
  await page.getByRole('option', { name: /C\+\+ File/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Driver.c');
  await page.getByRole('button', { name: 'Add' }).click();
  await page.locator('.monaco-editor textarea').focus();
  await page.keyboard.insertText(HELLO);
  await page.keyboard.press('Control+Shift+B');
  await page.waitForFunction(() => /Build (succeeded|failed)/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 90_000 });
  const wdf = moduleExports('Wdf01000.sys');
  const built = (await page.getByTestId('status').textContent()) === 'Build succeeded';
  if (wdf?.has('WdfDriverCreate')) assert.ok(built, await page.getByTestId('output').textContent() ?? '');

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

  // Extensions > Driver > Test > Configure Devices: Add New Device, provision with a generated key.
  await page.locator('.menubar .menu', { hasText: 'Extensions' }).dispatchEvent('mousedown');
  await page.locator('.menu-item.has-sub', { hasText: 'Driver' }).first().hover();
  await page.locator('.submenu .menu-item.has-sub', { hasText: 'Test' }).hover();
  await shot('03-menu');
  await page.getByRole('menuitem', { name: /Configure Devices/ }).click();
  await page.getByRole('dialog', { name: 'Configure Devices' }).waitFor();
  await page.getByRole('button', { name: 'Add New Device' }).click();
  assert.equal(await page.getByLabel('Network host name').inputValue(), 'MyTestComputer');
  await page.getByLabel('Provision device and choose debugger settings').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.waitForFunction(() => /^[0-9a-z]+(\.[0-9a-z]+){3}$/.test((document.querySelector('input[aria-label=Key]') as HTMLInputElement | null)?.value ?? ''));
  const key = await page.getByLabel('Key').inputValue();
  assert.equal(await page.getByLabel('Port Number').inputValue(), '50000');
  await shot('03-debugger-settings');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Finish' }).and(page.locator(':not([disabled])')).waitFor({ timeout: 120_000 });
  await page.getByText('Configuring the kernel debugger').click();
  assert.match(await page.getByLabel('Provisioning log').textContent() ?? '', new RegExp(`Key=${key.replace(/\./g, '\\.')}`));
  await shot('04-provisioned');
  await page.getByRole('button', { name: 'Finish' }).click();

  // Project Properties > Driver Install > Deployment: the target device; Build > Deploy Solution.
  await page.keyboard.press('Alt+Enter');
  await page.getByLabel('Target Device Name').fill('MyTestComputer');
  await page.getByLabel('Remove previous driver versions before deployment').check();
  await page.getByText('Do not install').click();
  await page.getByRole('button', { name: 'OK' }).click();
  if (built) {
    await page.locator('.menubar .menu', { hasText: /^Build/ }).dispatchEvent('mousedown');
    await page.getByRole('menuitem', { name: /Deploy Solution/ }).click();
    await page.waitForFunction(() => /Deploy (succeeded|failed)/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 60_000 });
    const out = await page.getByTestId('output').textContent() ?? '';
    assert.match(out, /Copying KmdfHelloWorld\.sys to MyTestComputer:C:\\DriverTest\\Drivers\\KmdfHelloWorld\.sys/, out);
    await shot('05-deployed');
    // Install at the target's console, as the guide has the learner do.
    await page.getByRole('tab', { name: 'MyTestComputer Console' }).click();
    await page.getByTestId('console-MyTestComputer').locator('.xterm').click();
    await page.keyboard.type('devcon install C:\\DriverTest\\Drivers\\KmdfHelloWorld.inf Root\\KmdfHelloWorld');
    await page.keyboard.press('Enter');
    await waitTerm('console-MyTestComputer', /Drivers installed successfully|failed|error/i, 60_000);
    await shot('06-installed');
  }

  // Device Manager and the kernel debugger: shown as far as the engine offers them.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: 'Device Manager of MyTestComputer' }).click();
  const tree = page.getByTestId('devmgr-MyTestComputer').locator('.tree');
  await tree.waitFor();
  // The target's own device tree: the fixed devices, and the device devcon installed.
  await tree.locator('.tree-row', { hasText: 'PCI Bus' }).waitFor({ timeout: 20_000 });
  await tree.locator('.tree-row', { hasText: 'Communications Port (COM1)' }).waitFor();
  await shot('07-device-manager');
  if (built) {
    // Its status as the kernel has it: working, or Code 52 while Secure Boot (this path leaves it on) blocks test signing;
    // the tree's problem badge agrees with it.
    const row = tree.locator('.tree-row', { hasText: 'KmdfHelloWorld Device' });
    await row.dblclick();
    const status = await page.getByTestId('device-status').textContent() ?? '';
    assert.match(status, /^(This device is working properly\.|Windows cannot verify the digital signature .*\(Code 52\))$/);
    assert.equal(await row.locator('img.badge').count(), /working properly/.test(status) ? 0 : 1, status);
    await shot('07-device-properties');
    await page.getByRole('dialog', { name: 'KmdfHelloWorld Device Properties' }).getByRole('button', { name: 'OK' }).click();
  }
  await page.getByRole('tab', { name: 'Kernel Debugger' }).click();
  assert.equal(await page.getByLabel('Debug target').inputValue(), 'MyTestComputer');
  assert.equal(await page.getByLabel('Key').inputValue(), key);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('kd-state').filter({ hasText: /Waiting to reconnect|Broken in|running/ }).waitFor({ timeout: 20_000 });
  await waitTerm('kd-window', /Using NET for debugging[\s\S]*Waiting to reconnect/);
  await shot('08-kernel-debugger');
  assert.deepEqual(problems, []);
});
