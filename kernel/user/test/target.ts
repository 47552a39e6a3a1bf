// A test target: a kernel with user mode, a disk with the Windows tree, and programs built by our toolchain.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildProject } from '../../../main/toolchain/build.ts';
import { generateLayouts, generateUserLayouts } from '../../../main/toolchain/layouts.ts';
import { repoRoot } from '../../../main/toolchain/clang.ts';
import { Disk, installWindowsTree } from '../../../main/machine/devices/disk.ts';
import { IoBus, InterruptController } from '../../../main/machine/bus.ts';
import { ParallelPort } from '../../../main/machine/devices/parallel.ts';
import { defaultBcd, writeBcd } from '../../../main/machine/devices/bcd-store.ts';
import type { Layouts } from '../../layout/layouts.ts';
import { Kernel } from '../../ntos/kernel.ts';
import { UserMode } from '../usermode.ts';
import type { UserProcess } from '../process.ts';

let layouts: Promise<{ km: Layouts; um: Layouts }> | undefined;
export function allLayouts() {
  return layouts ??= (async () => ({ km: await generateLayouts(), um: await generateUserLayouts() }))();
}

const built = new Map<string, Promise<Uint8Array>>();
/** Build a folder of sources (a program or a driver) where it is (x64/ is ignored by git); the output's bytes. */
export function build(dir: string, output: string, configuration: 'Debug' | 'Release' = 'Debug'): Promise<Uint8Array> {
  let p = built.get(dir + configuration);
  if (!p) {
    p = (async () => {
      const r = await buildProject(dir, { configuration });
      assert.ok(r.success, r.log.join('\n'));
      const file = r.outputs.find((o) => o.endsWith(output)) ?? path.join(r.outputDir, output);
      return new Uint8Array(readFileSync(file));
    })();
    built.set(dir + configuration, p);
  }
  return p;
}

export const programs = path.join(repoRoot, 'kernel', 'test', 'programs');
export const ownPrograms = path.join(repoRoot, 'kernel', 'user', 'test', 'programs');
export const drivers = path.join(repoRoot, 'kernel', 'test', 'drivers');

export interface Target { k: Kernel; um: UserMode; disk: Disk }

export async function target(o: { lpt?: boolean } = {}): Promise<Target> {
  const { km, um: uml } = await allLayouts();
  const ports = new IoBus(), interrupts = new InterruptController();
  if (o.lpt) new ParallelPort('LPT1', 0x378, 7, ports, interrupts);
  const k = new Kernel({ layouts: km, ports, interrupts });
  const disk = new Disk(() => 0);
  installWindowsTree(disk, 'User');
  writeBcd(disk, defaultBcd()); // as a new machine's disk has it
  k.io.readFile = (nt) => {
    const win = nt.replace(/^\\\?\?\\/, '').replace(/^\\SystemRoot\\/i, 'C:\\Windows\\');
    try { return disk.readFile(win); } catch { return undefined; }
  };
  const um = new UserMode(k, { layouts: uml, disk, computerName: 'TARGET', userName: 'User' });
  return { k, um, disk };
}

/** Start `image` with a command line and run the machine until the process has exited. */
export function runProgram(t: Target, image: Uint8Array, commandLine: string, name = commandLine.split(' ')[0]! + '.exe'): UserProcess {
  const r = t.um.createProcess(image, { name, path: `C:\\DriverTest\\${name}`, commandLine });
  assert.ok(r.ok, r.ok ? '' : r.message);
  const p = r.process;
  t.k.run({ until: () => p.state === 'exited', maxCycles: 2e9 });
  assert.equal(p.state, 'exited', `the process did not finish; console:\n${t.um.console.text}`);
  return p;
}

/** Console text with CR LF as LF. */
export const text = (t: Target) => t.um.console.text.replace(/\r\n/g, '\n');

/** Build a driver, copy it to C:\DriverTest\Drivers and start it as a demand-start kernel service. */
export async function installDriver(t: Target, name: string): Promise<void> {
  // Release: the Debug build's NT_ASSERT needs DbgRaiseAssertionFailure, which the kernel does not export yet.
  const sys = await build(path.join(drivers, name), `${name}.sys`, 'Release');
  t.disk.mkdir('C:\\DriverTest\\Drivers');
  t.disk.writeFile(`C:\\DriverTest\\Drivers\\${name}.sys`, sys);
  assert.equal(t.k.io.services.create(name, { binaryPath: `C:\\DriverTest\\Drivers\\${name}.sys` }), 0);
  assert.equal(t.k.io.services.start(name), 0, `${name} did not start`);
}
