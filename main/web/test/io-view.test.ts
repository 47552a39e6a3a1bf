// The I/O view in headless Chromium: a running target with KmdfHelloWorld installed, Device Manager > select the
// device > I/O view draws its stack (FDO \Driver\KmdfHelloWorld over the PDO of \Driver\PnpManager); `devcon restart`
// at the target sends PnP IRPs, whose rows (IRP_MJ_PNP / IRP_MN_START_DEVICE, dispatched and completed with
// STATUS_SUCCESS) appear live; Pause keeps the list still. Screenshot: test-results/io-view.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { HelloTarget } from '../../engine/test/fixtures/hello-target.ts';
import { CHROMIUM } from './browser.ts';
import { helloPage, shots, type HelloPage } from './hello-page.ts';

const NAME = 'IoViewPC';
let hp: HelloPage | undefined, page: Page, target: HelloTarget, problems: string[] = [];

before(async () => {
  hp = await helloPage(NAME);
  if (hp) ({ page, target, problems } = hp);
});
after(async () => { await hp?.close(); });

test('I/O view: the device stack and devcon restart\'s PnP IRPs, live, with their status', async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  await page.goto(hp!.server.url);
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: `Device Manager of ${NAME}` }).click();
  const dm = page.getByTestId(`devmgr-${NAME}`);
  await dm.getByRole('treeitem', { name: 'KMDF Hello World' }).or(dm.locator('.tree-row', { hasText: /Hello/i })).first().click();
  await dm.getByRole('button', { name: 'I/O view' }).click();
  const view = page.getByTestId('io-view');
  const boxes = view.getByTestId('io-box');
  await boxes.nth(1).waitFor();
  // Top of the stack first: the function driver's FDO, then the PDO the PnP manager made for the root device.
  assert.deepEqual(await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))), ['FDO', 'PDO']);
  assert.match(await boxes.nth(0).innerText(), /\\Driver\\KmdfHelloWorld/);
  assert.match(await boxes.nth(1).innerText(), /\\Driver\\PnpManager/);

  const out = await target.con.run('devcon restart Root\\KmdfHelloWorld');
  assert.match(out, /Restarted/i, out);
  const start = view.locator('tr.io-row[data-major="IRP_MJ_PNP"][data-minor="IRP_MN_START_DEVICE"]');
  await start.locator('xpath=self::*[@data-phase="complete"]').first().waitFor({ timeout: 30_000 });
  const rows = await start.evaluateAll((els) => els.map((e) => [e.getAttribute('data-phase'), e.getAttribute('data-status')]));
  assert.deepEqual(rows, [['call', ''], ['call', ''], ['complete', 'STATUS_SUCCESS'], ['complete', 'STATUS_SUCCESS']]);
  assert.ok(await view.locator('tr.io-row[data-minor="IRP_MN_REMOVE_DEVICE"]').count() >= 2, 'the restart removed the stack first');
  // Every IRP of the restart left the stack: no box still holds one.
  await view.getByTestId('io-held').first().waitFor({ state: 'detached', timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'io-view.png') });

  // Paused: another restart adds no rows until Resume.
  await view.getByRole('button', { name: /Pause/ }).click();
  const count = await view.locator('tr.io-row').count();
  await target.con.run('devcon restart Root\\KmdfHelloWorld');
  await page.waitForTimeout(600);
  assert.equal(await view.locator('tr.io-row').count(), count, 'no rows while paused');
  await view.getByRole('button', { name: /Resume/ }).click();
  await target.con.run('devcon restart Root\\KmdfHelloWorld');
  await page.waitForFunction((n) => document.querySelectorAll('tr.io-row').length > n, count, { timeout: 30_000 });
  assert.deepEqual(problems, []);
});
