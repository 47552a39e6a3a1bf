// Device Manager in headless Chromium, on a running target with KmdfHelloWorld installed by devcon: the tree by
// type (class titles and our icons) and by connection (View menu), Properties with each tab, Driver Details (the
// .sys from the driver store), Update Driver's answer with only that package in the store, Disable (Code 22 and
// the down-arrow badge) and Enable from the Action menu, a device `devcon remove` took listed greyed only under
// Show hidden devices (Code 45) until Scan for hardware changes brings it back, and Uninstall from the context menu
// (gone for good; with "Delete the driver software" its package leaves the store). Screenshots: test-results/devmgr-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { HelloTarget } from '../../engine/test/fixtures/hello-target.ts';
import { CHROMIUM } from './browser.ts';
import { helloPage, shots, type HelloPage } from './hello-page.ts';

const NAME = 'DevMgrPC';
const DEVICE = 'KmdfHelloWorld Device';
let hp: HelloPage | undefined, page: Page, target: HelloTarget, problems: string[] = [];

before(async () => {
  hp = await helloPage(NAME);
  if (hp) ({ page, target, problems } = hp);
});
after(async () => { await hp?.close(); });

const shot = (name: string) => page.screenshot({ path: path.join(shots, `devmgr-${name}.png`) });
/** The tree's rows in order: [name, indent level]. */
const rows = (dm: Locator) => dm.getByRole('treeitem').evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label'), Math.round(parseInt((e as HTMLElement).style.paddingLeft || '0', 10) / 18)] as [string, number]));
const menu = async (dm: Locator, name: 'Action' | 'View', item: string) => {
  await dm.getByRole('menuitem', { name, exact: true }).click();
  await dm.getByRole('menu').locator('.dm-menu-item', { hasText: item }).click(); // its text follows a ✓ or • mark
};

test('Device Manager: by type and by connection, Properties tabs, Driver Details, Update Driver, Disable/Enable, hidden devices, Scan, Uninstall', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  await page.goto(hp!.server.url);
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: `Device Manager of ${NAME}` }).click();
  const dm = page.getByTestId(`devmgr-${NAME}`);
  const device = dm.getByRole('treeitem', { name: DEVICE, exact: true });
  await device.waitFor({ timeout: 30_000 });

  // By type: the classes' own titles (Samples from the INF's ClassInstall32), alphabetical, each with its icon.
  const byType = (await rows(dm)).filter(([, level]) => level === 1).map(([n]) => n);
  assert.deepEqual(byType, ['Computer', 'Disk drives', 'IDE ATA/ATAPI controllers', 'Network adapters', 'Ports (COM & LPT)', 'Samples', 'System devices']);
  for (const [title, icon] of [['Disk drives', 'diskdrive'], ['IDE ATA/ATAPI controllers', 'hdc'], ['Samples', 'sample']]) {
    assert.match(await dm.getByRole('treeitem', { name: title }).locator('img').getAttribute('src') ?? '', new RegExp(`${icon}\\.svg$`), title);
  }
  await shot('by-type');

  // View > Devices by connection: the bus hierarchy, root-enumerated devices directly under the computer.
  await menu(dm, 'View', 'Devices by connection');
  const tree = await rows(dm);
  const level = (n: string) => tree.find(([x]) => x === n)?.[1];
  assert.equal(level(NAME), 0);
  assert.equal(level('ACPI x64-based PC'), 1);
  assert.equal(level('Microsoft ACPI-Compliant System'), 2);
  assert.equal(level('PCI Bus'), 3);
  assert.equal(level('Standard SATA AHCI Controller'), 4);
  assert.equal(level('Disk drive'), 5);
  assert.equal(level(DEVICE), 1);
  await dm.getByRole('menuitem', { name: 'View', exact: true }).click();
  assert.equal(await dm.getByRole('menuitemradio', { name: 'Devices by connection' }).getAttribute('aria-checked'), 'true');
  await shot('by-connection');
  await dm.getByRole('menuitemradio', { name: 'Devices by type' }).click();

  // Properties: each tab.
  await device.dblclick();
  const props = page.getByRole('dialog', { name: `${DEVICE} Properties` });
  assert.equal(await props.getByTestId('device-status').textContent(), 'This device is working properly.');
  assert.match(await props.innerText(), /Device type:\s+Samples[\s\S]*Manufacturer:\s+DriverLab[\s\S]*Location:\s+Unknown/);
  await shot('props-general');
  await props.getByRole('tab', { name: 'Driver' }).click();
  assert.match(await props.innerText(), /Driver Provider:\s+DriverLab[\s\S]*Driver Version:\s+\d+\.\d+\.\d+\.\d+/);
  for (const b of ['Driver Details', 'Update Driver', 'Disable Device', 'Uninstall Device']) assert.equal(await props.getByRole('button', { name: b }).isEnabled(), true, b);
  await shot('props-driver');
  // Driver Details: the .sys where setup put it (the driver store: DestinationDirs 13), with what its file says.
  await props.getByRole('button', { name: 'Driver Details' }).click();
  const details = page.getByRole('dialog', { name: 'Driver File Details' });
  const files = await details.getByRole('list', { name: 'Driver files' }).innerText();
  assert.match(files, /^C:\\Windows\\System32\\DriverStore\\FileRepository\\kmdfhelloworld\.inf_amd64_[0-9a-f]+\\KmdfHelloWorld\.sys$/m, files);
  assert.match(await details.innerText(), /Provider:\s+Not available[\s\S]*Digital Signer:\s+\S/);
  await shot('driver-details');
  await details.getByRole('button', { name: 'OK' }).click();
  // Update Driver > Search automatically: the store holds no better package than the installed one.
  await props.getByRole('button', { name: 'Update Driver' }).click();
  const update = page.getByRole('dialog', { name: `Update Drivers - ${DEVICE}` });
  await update.getByRole('button', { name: /Search automatically for drivers/ }).click();
  const answer = update.getByTestId('update-result');
  await answer.waitFor({ timeout: 60_000 });
  assert.match(await answer.innerText(), /^The best drivers for your device are already installed\n/);
  await shot('update-driver');
  await update.locator('.win-buttons').getByRole('button', { name: 'Close' }).click();
  await props.getByRole('tab', { name: 'Details' }).click();
  await props.getByLabel('Property').selectOption('Hardware Ids');
  assert.equal(await props.getByRole('list', { name: 'Value' }).innerText(), 'Root\\KmdfHelloWorld');
  await props.getByLabel('Property').selectOption('Device instance path');
  assert.equal(await props.getByRole('list', { name: 'Value' }).innerText(), target.instanceId);
  await shot('props-details');
  await props.getByRole('tab', { name: 'Events' }).click();
  assert.match(await props.getByRole('table', { name: 'Device events' }).innerText(), /Device started \(KmdfHelloWorld\)/);
  await props.getByRole('button', { name: 'OK' }).click();

  // Action > Disable device (confirmed): Code 22 and the down-arrow badge; Action > Enable device undoes it.
  await device.click();
  await menu(dm, 'Action', 'Disable device');
  await page.getByRole('dialog', { name: DEVICE, exact: true }).getByRole('button', { name: 'Yes' }).click();
  await device.getByTestId('badge-disabled').waitFor({ timeout: 30_000 });
  await device.dblclick();
  assert.equal(await props.getByTestId('device-status').textContent(), 'This device is disabled. (Code 22)');
  await shot('disabled');
  await props.getByRole('button', { name: 'OK' }).click();
  assert.match(await target.con.run('sc query KmdfHelloWorld'), /STATE {14}: 1 {2}STOPPED/);
  await menu(dm, 'Action', 'Enable device');
  await device.getByTestId('badge-disabled').waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await device.locator('img.badge').count(), 0);
  assert.match(await target.con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);

  // devcon remove: the device is non-present. Listed (greyed, Code 45) only with View > Show hidden devices.
  assert.match(await target.con.run('devcon remove Root\\KmdfHelloWorld'), /1 device\(s\) were removed\./);
  await device.waitFor({ state: 'detached', timeout: 30_000 });
  await menu(dm, 'View', 'Show hidden devices');
  await device.waitFor();
  assert.match(await device.getAttribute('class') ?? '', /\bghost\b/);
  assert.equal(await dm.locator('.tree-row.ghost').count(), 1, 'only the removed device is non-present');
  await device.dblclick();
  assert.match(await props.getByTestId('device-status').textContent() ?? '', /^Currently, this hardware device is not connected to the computer\. \(Code 45\)/);
  await props.getByRole('button', { name: 'OK' }).click();
  await shot('hidden');
  await menu(dm, 'View', 'Show hidden devices');
  await device.waitFor({ state: 'detached' });
  // Action > Scan for hardware changes: enumeration finds it again, present and working.
  await menu(dm, 'Action', 'Scan for hardware changes');
  await device.waitFor({ timeout: 60_000 });
  assert.doesNotMatch(await device.getAttribute('class') ?? '', /\bghost\b/);
  assert.match(await target.con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);

  // Uninstall device (context menu): its keys go, so neither Show hidden devices nor a scan finds it; the
  // driver package stays in the store.
  await device.click({ button: 'right' });
  await page.getByRole('menu').getByText('Uninstall device', { exact: true }).click();
  const uninstall = page.getByRole('dialog', { name: 'Uninstall Device' });
  assert.match(await uninstall.innerText(), /Warning: You are about to uninstall this device from your system\./);
  await shot('uninstall');
  await uninstall.getByRole('button', { name: 'Uninstall' }).click();
  await device.waitFor({ state: 'detached', timeout: 30_000 });
  await menu(dm, 'View', 'Show hidden devices');
  await menu(dm, 'Action', 'Scan for hardware changes');
  await page.waitForTimeout(1500);
  assert.equal(await device.count(), 0, 'an uninstalled device is not non-present and no scan finds it');
  assert.match(await target.con.run('pnputil /enum-drivers'), /Original Name:\s+kmdfhelloworld\.inf/);

  // Installed again, then uninstalled with "Delete the driver software for this device": the package goes too.
  assert.match(await target.con.run('devcon install C:\\DriverTest\\Drivers\\KmdfHelloWorld.inf Root\\KmdfHelloWorld'), /Drivers installed successfully\./);
  await menu(dm, 'Action', 'Scan for hardware changes'); // a refresh; the install already announced it
  await device.waitFor({ timeout: 30_000 });
  await device.click();
  await dm.getByRole('button', { name: 'Uninstall device' }).click();
  await uninstall.getByLabel('Delete the driver software for this device.').check();
  await uninstall.getByRole('button', { name: 'Uninstall' }).click();
  await device.waitFor({ state: 'detached', timeout: 30_000 });
  assert.doesNotMatch(await target.con.run('pnputil /enum-drivers'), /kmdfhelloworld\.inf/);
  await shot('after-uninstall');
  assert.deepEqual(problems, []);
});
