// Opening a crash dump (`windbg -z <file>`): the session's target becomes a DumpChannel and the banner is what
// WinDbg prints when it loads a kernel dump, down to the short bugcheck analysis and the faulting location.
import type { KdSession } from './session.ts';
import { DumpChannel } from './dump.ts';
import { analysisBox, faultingFrame } from './commands/target.ts';

export async function openDump(s: KdSession, bytes: Uint8Array, file: string, o: { sympath?: string[]; srcpath?: string[] } = {}): Promise<string> {
  const ch = new DumpChannel(bytes); // throws for a file that is not a dump
  s.disconnect();
  s.sympath = o.sympath ?? s.sympath;
  s.srcpath = o.srcpath ?? s.srcpath;
  s.channel = ch;
  s.dumpFile = file;
  s.sessionTime = ch.crashTime;
  s.version = ch.version;
  s.stop = ch.stop;
  s.state = 'broken';
  s.memory.invalidate();
  await s.refreshModules();
  const bc = await s.bugCheckData();
  const lines = ['', `Loading Dump File [${file}]`, 'Kernel Bitmap Dump File: Kernel address space is available, User address space may not be available.', '',
    ...s.sympathLines(), ...s.vertargetLines(), 'Loading Kernel Symbols', '.'.repeat(Math.max(1, s.modules.length)), '', 'Loading User Symbols', '',
    'Loading unloaded module list', '.'.repeat(Math.max(1, ch.dump.header.unloadedModules.length))];
  if (bc) {
    const ctx = await s.getContext();
    const blamed = faultingFrame(s, ctx);
    const hex = (v: bigint) => BigInt.asUintN(64, v).toString(16);
    lines.push(...analysisBox(), 'Use !analyze -v to get detailed debugging information.', '',
      `BugCheck ${bc.code.toString(16).toUpperCase()}, {${bc.params.map(hex).join(', ')}}`, '');
    const m = blamed?.sym.module;
    lines.push(m ? `Probably caused by : ${m.file} ( ${m.name}!${blamed!.sym.name}+${blamed!.sym.offset.toString(16)} )` : 'Probably caused by : ntoskrnl.exe ( nt!KeBugCheckEx )',
      '', 'Followup:     MachineOwner', '---------', '');
  }
  lines.push('For analysis of this file, run !analyze -v', ...(await s.whereLines(ch.stop.pc)));
  return lines.join('\n');
}
