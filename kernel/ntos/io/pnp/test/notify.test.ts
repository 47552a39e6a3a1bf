// Device-interface notifications from a real driver: PnpWatch (a legacy WDM driver, real clang, sc start) registers
// with IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange, INCLUDE_EXISTING_INTERFACES) for the
// ECHO interface class; it hears of the interface already enabled, then of its removal (devcon remove) and its
// arrival again (devcon install), each at PASSIVE_LEVEL with the symbolic link and its context; after sc stop
// (IoUnregisterPlugPlayNotificationEx in DriverUnload) it hears nothing more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDriver } from '../../../../wdf/test/harness.ts';
import { target } from '../../../../user/test/target.ts';
import { session } from '../../../../user/test/shell.ts';
import { setup } from '../../../../user/setup/engine.ts';
import { pnp } from '../manager.ts';

const DIR = 'C:\\DriverTest\\Drivers';
const LINK = '\\??\\ROOT#SAMPLE#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}';

test('IoRegisterPlugPlayNotification: PnpWatch hears ECHO interface arrival (existing and new) and removal until it unregisters', async () => {
  const [echo, watch] = await Promise.all([buildDriver('Echo'), buildDriver('PnpWatch')]);
  const t = await target();
  t.disk.mkdir(DIR);
  for (const [name, bytes] of Object.entries({ ...echo.files, ...watch.files })) t.disk.writeFile(`${DIR}\\${name}`, bytes);
  pnp(t.k);
  setup(t.k).testSigning = true;
  t.k.memory.writeU32(t.k.printFilter.masks.get(t.k.enumValue('DPFLTR_TYPE', 'DPFLTR_IHVDRIVER_ID'))!.address, 0xf);
  const debug: string[] = [];
  const sink = t.k.debugOutput.bind(t.k);
  t.k.debugOutput = (text) => { debug.push(text); sink(text); };
  const heard = () => debug.join('').split('\n').filter((l) => l.startsWith('PnpWatch:'));
  const settle = (n: number) => t.k.run({ until: () => heard().length >= n, maxCycles: 5e7 });
  const s = session(t);
  s.type(`cd ${DIR}`);

  assert.match(s.type('devcon install echo.inf root\\ECHO'), /Drivers installed successfully\./);
  assert.match(s.type(`sc create PnpWatch type= kernel binPath= ${DIR}\\PnpWatch.sys`), /CreateService SUCCESS/);
  assert.match(s.type('sc start PnpWatch'), /RUNNING/);
  settle(2);
  assert.deepEqual(heard(), [
    'PnpWatch: IoRegisterPlugPlayNotification 0x00000000',
    `PnpWatch: arrival of ${LINK} (class ECHO, context ours, IRQL 0)`,
  ], 'INCLUDE_EXISTING_INTERFACES: the enabled interface is reported at once');

  assert.match(s.type('devcon remove root\\ECHO'), /1 device\(s\) were removed\./);
  settle(3);
  assert.equal(heard()[2], `PnpWatch: removal of ${LINK} (class ECHO, context ours, IRQL 0)`);
  assert.match(s.type('devcon install echo.inf root\\ECHO'), /Drivers installed successfully\./);
  settle(4);
  assert.equal(heard()[3], `PnpWatch: arrival of ${LINK} (class ECHO, context ours, IRQL 0)`);

  assert.match(s.type('sc stop PnpWatch'), /STOPPED/);
  assert.equal(heard()[4], 'PnpWatch: unregistered after 3 notifications');
  assert.match(s.type('devcon remove root\\ECHO'), /1 device\(s\) were removed\./);
  s.type('ver');
  assert.equal(heard().length, 5, 'nothing after IoUnregisterPlugPlayNotificationEx');
  assert.equal(t.k.bugCheck, undefined);
});
