// Checkpoints in the app (#8, #10), in headless Chromium against `npm run web`'s server with a real lab engine, on
// one running test computer: the target's right-click menu in the Network view takes a named checkpoint (progress in
// its box, then the Checkpoints pane lists it as "Now"'s parent); a name it has already is refused plainly; text typed
// at its console and a file changed afterwards are gone once the checkpoint is applied from the pane (after the
// warning): the console shows the earlier screen and the file its earlier content. An unnamed checkpoint gets
// Hyper-V's "<Machine> - (date - time)" name under the applied one, and Revert... goes back to it. A checkpoint taken
// while the kernel debugger holds the target cannot be replayed exactly: applying it says so, and why.
// Screenshots: test-results/checkpoints-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { createApiClient } from '../../api/client.ts';
import type { Api } from '../../api/contract.ts';
import { reconnectingChannel, type SocketLike } from '../../api/ws-client.ts';
import type { WebServer } from '../server.ts';
import type { LabHost } from '../../api/host/lab/lab-host.ts';
import { repoRoot } from '../../toolchain/clang.ts';
import { appPage } from './app-page.ts';
import { CHROMIUM, termText, typeAt, waitTerm } from './browser.ts';

const NAME = 'CpPC';
const CONSOLE = `console-${NAME}`;
const shots = path.join(repoRoot, 'test-results');
const problems: string[] = [];
let server: WebServer, page: Page, closeApp: () => Promise<void>, workspace: string, lab: LabHost;

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  ({ lab, server, page, workspace, close: closeApp } = await appPage(NAME, 'dl-cp-ui-', problems));
  // Every checkpoint progress bar shown, however briefly.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { cpProgress: string[] }).cpProgress = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[role=progressbar]')) {
        const rec = `${el.getAttribute('aria-label')}|${el.parentElement?.textContent ?? ''}`;
        if (/checkpoint/.test(rec) && !seen.includes(rec)) seen.push(rec);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
});
after(async () => { await closeApp?.(); });

const shot = (name: string) => page.screenshot({ path: path.join(shots, `checkpoints-${name}.png`) });
const pane = () => page.getByTestId('checkpoints-pane');
const row = (name: string | RegExp) => pane().getByRole('row', { name: typeof name === 'string' ? `checkpoint ${name}` : name });
const progressSeen = (): Promise<string[]> => page.evaluate(() => (window as unknown as { cpProgress: string[] }).cpProgress);

/** Right-click the target's box (its title, not a button) and pick a menu command. */
async function boxMenu(item: string): Promise<void> {
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByLabel(`target ${NAME}`).locator('.net-title').click({ button: 'right' });
  await page.getByRole('menu', { name: `${NAME} menu` }).getByRole('menuitem', { name: item, exact: true }).click();
}
/** Type a line at the target's console and wait for the prompt after its output; what the console shows then. */
async function atConsole(line: string, shows: RegExp): Promise<string> {
  await page.getByRole('tab', { name: new RegExp(`^${NAME} Console`) }).click();
  await typeAt(page, CONSOLE, line);
  return waitTerm(page, CONSOLE, shows);
}
/** The names of the pane's rows in order, with their indentation (px) and whether each is the current one. */
const rows = (): Promise<{ name: string; indent: number; current: boolean }[]> => pane().locator('[role=row]').evaluateAll((els) => els.map((e) => ({
  name: e.querySelector('.cp-name')!.textContent!.replace(/^[◧▶]/, ''),
  indent: parseFloat((e.querySelector('.cp-name') as HTMLElement).style.paddingLeft),
  current: e.getAttribute('aria-current') === 'true',
})));

test('Network view: checkpoint a target from its menu, change its console and a file, apply the checkpoint, revert to an unnamed one', { timeout: 600_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.locator(`[aria-label="target ${NAME}"][data-state="running"]`).waitFor({ state: 'attached', timeout: 120_000 });
  await pane().getByText(`${NAME} has no checkpoints.`).waitFor();

  // The state to come back to: a file and a line on the console.
  await page.getByRole('button', { name: `Console of ${NAME}` }).click();
  await atConsole('echo one> C:\\a.txt', /C:\\a\.txt\n.*C:\\Users\\User>\s*$/s);
  await atConsole('echo Before the checkpoint', /^Before the checkpoint\s*$/m);

  // Checkpoint... from the box's right-click menu, named.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByLabel(`target ${NAME}`).locator('.net-title').click({ button: 'right' });
  await shot('0-menu');
  await page.getByRole('menu', { name: `${NAME} menu` }).getByRole('menuitem', { name: 'Checkpoint...', exact: true }).click();
  const dlg = page.getByRole('dialog', { name: `Checkpoint - ${NAME}` });
  await dlg.getByLabel('Checkpoint name').fill('Clean');
  await shot('1-name');
  await dlg.getByRole('button', { name: 'Create' }).click();
  await row('Clean').waitFor({ timeout: 120_000 });
  assert.deepEqual(await rows(), [{ name: 'Clean', indent: 6, current: true }, { name: 'Now', indent: 22, current: false }]);
  assert.match(await row('Clean').innerText(), /\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M\s+Running/);
  assert.ok((await progressSeen()).some((p) => p.startsWith(`${NAME} checkpoint|Creating checkpoint of ${NAME}...`)), (await progressSeen()).join('\n'));

  // A name it already has (names are compared as Hyper-V does, ignoring case) is refused, plainly.
  await boxMenu('Checkpoint...');
  await dlg.getByLabel('Checkpoint name').fill('clean');
  await dlg.getByRole('button', { name: 'Create' }).click();
  await pane().getByRole('alert').filter({ hasText: `${NAME} already has a checkpoint named "clean".` }).waitFor();
  await shot('2-error');

  // Changes after the checkpoint.
  await atConsole('echo two> C:\\a.txt', /echo two> C:\\a\.txt\n.*C:\\Users\\User>\s*$/s);
  await atConsole('echo After the checkpoint', /^After the checkpoint\s*$/m);

  // Apply... from the pane, after its warning.
  await page.getByRole('tab', { name: 'Network' }).click();
  await row('Clean').click();
  await pane().getByRole('button', { name: 'Apply...' }).click();
  const confirm = page.getByRole('dialog', { name: 'Apply Checkpoint' });
  assert.match(await confirm.getByRole('note').innerText(), new RegExp(`Take ${NAME} back to checkpoint "Clean"\\? .* will be gone`));
  await shot('3-confirm');
  await confirm.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.getByLabel(`${NAME} checkpoint`).waitFor({ timeout: 10_000 }).then(() => shot('4-applying'), () => {});
  await pane().getByRole('status').filter({ hasText: `${NAME} is back at "Clean".` }).waitFor({ timeout: 120_000 });
  assert.ok((await progressSeen()).some((p) => p.startsWith(`${NAME} checkpoint|Applying checkpoint "Clean" to ${NAME}...`)), (await progressSeen()).join('\n'));

  // The console shows the screen as it was at the checkpoint; the file is as it was.
  await page.getByRole('tab', { name: new RegExp(`^${NAME} Console`) }).click();
  await waitTerm(page, CONSOLE, /\nBefore the checkpoint\s*\n\s*C:\\Users\\User>\s*$/);
  const screen = await termText(page, CONSOLE);
  assert.doesNotMatch(screen, /After the checkpoint|echo two/, screen);
  await shot('5-console-after');
  const typed = await atConsole('type C:\\a.txt', /type C:\\a\.txt\n(.*)\n\s*C:\\Users\\User>\s*$/);
  assert.match(typed, /type C:\\a\.txt\none\n/, typed);

  // An unnamed checkpoint: Hyper-V's "<Machine> - (date - time)", a child of Clean; then Revert... goes back to it.
  await atConsole('echo three> C:\\a.txt', /echo three> C:\\a\.txt\n.*C:\\Users\\User>\s*$/s);
  await boxMenu('Checkpoint...');
  await dlg.getByRole('button', { name: 'Create' }).click();
  const unnamed = new RegExp(`^checkpoint ${NAME} - \\(\\d{1,2}/\\d{1,2}/\\d{4} - \\d{1,2}:\\d{2}:\\d{2} [AP]M\\)$`);
  await row(unnamed).waitFor({ timeout: 120_000 });
  const tree = await rows();
  assert.deepEqual(tree.map((r) => [r.indent, r.current]), [[6, false], [22, true], [38, false]], JSON.stringify(tree));
  assert.deepEqual([tree[0]!.name, tree[2]!.name], ['Clean', 'Now']);
  await shot('6-tree');
  await atConsole('echo four> C:\\a.txt', /echo four> C:\\a\.txt\n.*C:\\Users\\User>\s*$/s);
  await boxMenu('Revert...');
  const revert = page.getByRole('dialog', { name: `Revert - ${NAME}` });
  assert.match(await revert.getByRole('note').innerText(), new RegExp(`Take ${NAME} back to its last checkpoint, "${NAME} - \\(`));
  await revert.getByRole('button', { name: 'Revert' }).click();
  await pane().getByRole('status').filter({ hasText: new RegExp(`${NAME} is back at "${NAME} - \\(`) }).waitFor({ timeout: 120_000 });
  const after = await atConsole('type C:\\a.txt', /type C:\\a\.txt\n(.*)\n\s*C:\\Users\\User>\s*$/);
  assert.match(after, /type C:\\a\.txt\nthree\n/, after);
  await page.getByRole('tab', { name: 'Network' }).click();
  await shot('7-reverted');

  // Apply Checkpoint... from the box's menu, picking Clean, with Take Checkpoint and Apply: the state left is kept
  // as a new checkpoint under the unnamed one, and the target is back at Clean.
  await boxMenu('Apply Checkpoint...');
  const pick = page.getByRole('dialog', { name: 'Apply Checkpoint' });
  await pick.getByLabel('Checkpoint to apply').selectOption('Clean');
  await pick.getByRole('button', { name: 'Take Checkpoint and Apply' }).click();
  await pane().getByRole('status').filter({ hasText: `${NAME} is back at "Clean".` }).waitFor({ timeout: 120_000 });
  const three = await rows();
  assert.deepEqual(three.map((r) => [r.indent, r.current]), [[6, true], [22, false], [38, false], [22, false]], JSON.stringify(three));
  assert.deepEqual([three[0]!.name, three[3]!.name], ['Clean', 'Now']);
  const last = await atConsole('type C:\\a.txt', /type C:\\a\.txt\n(.*)\n\s*C:\\Users\\User>\s*$/);
  assert.match(last, /type C:\\a\.txt\none\n/, last);
  await page.getByRole('tab', { name: 'Network' }).click();
  await shot('8-take-and-apply');
  assert.deepEqual(problems, []);
});

test('a checkpoint taken while the debugger holds the target: applying it says it was not exact, and why', { timeout: 600_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) { t.skip(`${CHROMIUM} is not installed`); return; }
  // Provisioning and the debugger through the same API the app uses (their own UI has its own tests).
  const channel = reconnectingChannel(`ws://127.0.0.1:${server.port}/api?token=${server.token}`,
    (u) => new WebSocket(u, { origin: `http://127.0.0.1:${server.port}` }) as unknown as SocketLike);
  const api: Api = createApiClient(channel);
  try {
    const debug = { kind: 'net' as const, hostIp: (await api.call('machine.list', {})).host.ip, port: 50000, key: (await api.call('provision.generateKey', {})).key };
    const r = await api.call('provision.start', { machine: NAME, hostName: 'HOST', debug });
    assert.equal(r.success, true, JSON.stringify(r.steps, null, 1));
    await page.getByRole('tab', { name: 'Network' }).click();
    await page.locator(`[aria-label="target ${NAME}"][data-state="running"]`).waitFor({ state: 'attached', timeout: 120_000 });
    await api.call('kd.connect', { target: NAME, connection: debug });
    await api.call('kd.break', {});
    await page.locator(`[aria-label="target ${NAME}"][data-state="broken-in"]`).waitFor({ state: 'attached', timeout: 60_000 });

    await boxMenu('Checkpoint...');
    await page.getByRole('dialog', { name: `Checkpoint - ${NAME}` }).getByLabel('Checkpoint name').fill('In the debugger');
    await page.getByRole('button', { name: 'Create' }).click();
    await row('In the debugger').waitFor({ timeout: 120_000 });
    assert.match(await row('In the debugger').innerText(), /Broken into \(kd\)/);
    await api.call('kd.command', { text: 'g' });
    await page.locator(`[aria-label="target ${NAME}"][data-state="running"]`).waitFor({ state: 'attached', timeout: 60_000 });

    await row('In the debugger').click();
    await pane().getByRole('button', { name: 'Apply...' }).click();
    await page.getByRole('dialog', { name: 'Apply Checkpoint' }).getByRole('button', { name: 'Apply', exact: true }).click();
    const warning = pane().getByRole('alert');
    await warning.waitFor({ timeout: 120_000 });
    assert.match(await warning.innerText(), new RegExp(`^"In the debugger" could not be applied exactly \\(.+\\), so ${NAME} was started from the checkpoint's saved disk instead`));
    assert.equal(await page.getByTestId('status').textContent(), `Checkpoint "In the debugger" applied to ${NAME} from its saved disk (not exact).`);
    await shot('9-inexact');
  } finally { channel.close(); }
});
