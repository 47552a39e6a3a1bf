// The target as a whole: vertarget, version, !irql, !pcr, .bugcheck, !analyze -v.
import { formatAddress } from '../../symbols/format.ts';
import { bugCheckInfo, bugCheckName } from '../bugchecks.ts';
import type { KdSession } from '../session.ts';
import type { ContextFrame, ThreadContext } from '../../../formats/kd/context.ts';
import type { SymbolAt } from '../modules.ts';
import { stackRows } from './stack.ts';
import { readProcesses } from '../nt-tables.ts';
import type { CommandTable } from './types.ts';
import { pcr } from './pcr.ts';

const IRQL_NAMES: Record<number, string> = { 0: 'LOW_LEVEL', 1: 'APC_LEVEL', 2: 'DISPATCH_LEVEL', 13: 'CLOCK_LEVEL', 14: 'IPI_LEVEL', 15: 'HIGH_LEVEL' };
const hex64 = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');

/** The box of asterisks `!analyze` (and opening a dump) prints first. */
export function analysisBox(title = 'Bugcheck Analysis', indent = 29): string[] {
  const star = '*'.repeat(79);
  return [star, `*${' '.repeat(77)}*`, `*${title.padStart(indent + title.length).padEnd(77)}*`, `*${' '.repeat(77)}*`, star, ''];
}

/** !analyze -v at a stop that is not a bugcheck (a breakpoint, a break-in): WinDbg analyzes the break exception. */
async function exceptionAnalysis(s: KdSession): Promise<string> {
  const ctx = await s.getContext();
  const pc = ctx.frames[0]?.pc ?? s.stop?.pc ?? 0n;
  const at = s.symbolAt(pc);
  const where = await s.whereLines(pc);
  const procs = (await readProcesses(s)) ?? [];
  const proc = procs.find((p) => p.threads.some((t) => t.current));
  const blamed = faultingFrame(s, ctx)?.sym ?? at;
  const sym = blamed ? `${blamed.module.name}!${blamed.name || blamed.module.name}+${blamed.offset.toString(16)}` : 'nt';
  return [...analysisBox('Exception Analysis', 24), '', 'Debugging Details:', '------------------', '',
    'FAULTING_IP: ', ...where.filter((l) => !l.startsWith('>')), '',
    'EXCEPTION_RECORD:  ffffffffffffffff -- (.exr 0xffffffffffffffff)',
    `ExceptionAddress: ${hex64(pc)} (${at ? `${at.module.name}!${at.name}${at.offset ? `+0x${at.offset.toString(16)}` : ''}` : hex64(pc)})`,
    '   ExceptionCode: 80000003 (Break instruction exception)', '  ExceptionFlags: 00000000', 'NumberParameters: 1',
    '   Parameter[0]: 0000000000000000', '', 'BUGCHECK_STR:  80000003', '', `PROCESS_NAME:  ${proc?.image ?? 'System'}`, '',
    'ERROR_CODE: (NTSTATUS) 0x80000003 - {EXCEPTION}  Breakpoint  A breakpoint has been reached.', '',
    'STACK_TEXT:  ', ...stackRows(s, ctx), '', `SYMBOL_NAME:  ${sym}`, '', `MODULE_NAME: ${blamed?.module.name ?? 'nt'}`, '',
    `IMAGE_NAME:  ${blamed?.module.file ?? 'ntoskrnl.exe'}`, '', `FAILURE_BUCKET_ID:  80000003_${sym.replace(/\+[0-9a-f]+$/, '')}`, '',
    'FOLLOWUP_NAME:  MachineOwner'].join('\n');
}

/** The frame !analyze blames: the innermost frame in a module with private symbols (the driver). */
export function faultingFrame(s: KdSession, ctx: ThreadContext): { frame: ContextFrame; sym: SymbolAt } | undefined {
  const frame = ctx.frames.find((f) => s.symbolAt(f.pc)?.module.state === 'private');
  const sym = frame && s.symbolAt(frame.pc);
  return frame && sym ? { frame, sym } : undefined;
}

/** Bugchecks !analyze reports from the exception's own context (it runs `.cxr` first): the stack starts at the fault. */
const CONTEXT_BUGCHECKS = new Set([0x1e, 0x3b, 0x7e, 0x8e, 0x1000007e, 0x1000008e]);

/** Where !analyze's STACK_TEXT starts: at nt!KeBugCheckEx (not the debugger's break below it), or at the faulting
 *  frame for the bugchecks that carry a context record. */
function analysisTop(ctx: ThreadContext, code: number): number {
  const keBugCheck = ctx.frames.findIndex((f) => f.function === 'nt!KeBugCheckEx');
  if (keBugCheck < 0) return 0;
  if (!CONTEXT_BUGCHECKS.has(code)) return keBugCheck;
  const fault = ctx.frames.findIndex((f, i) => i > keBugCheck && f.kind !== 'host');
  return fault < 0 ? keBugCheck : fault;
}

/** The lines of !analyze that name the culprit: its symbol, module and image, and the failure bucket. */
function blameLines(symbol: string, m: { name: string; file: string }, bucket: string): string[] {
  return [`SYMBOL_NAME:  ${symbol}`, '', `MODULE_NAME: ${m.name}`, '', `IMAGE_NAME:  ${m.file}`, '',
    'STACK_COMMAND:  .thread ; .cxr ; kb', '', `FAILURE_BUCKET_ID:  ${bucket}`, '', 'FOLLOWUP_NAME:  MachineOwner'];
}

async function analyze(s: KdSession): Promise<string> {
  const bc = await s.bugCheckData();
  const box = analysisBox();
  if (!bc) return exceptionAnalysis(s);
  const name = bugCheckName(bc.code);
  const info = bugCheckInfo(name);
  const lines = [...box, `${name ?? 'UNKNOWN_BUGCHECK'} (${bc.code.toString(16)})`, info.description, 'Arguments:'];
  bc.params.forEach((p, i) => lines.push(`Arg${i + 1}: ${hex64(p)}${info.args[i] ? `, ${info.args[i]}` : ''}`));
  lines.push('', 'Debugging Details:', '------------------', '', `BUGCHECK_CODE:  ${bc.code.toString(16)}`, '');
  bc.params.forEach((p, i) => lines.push(`BUGCHECK_P${i + 1}: ${BigInt.asUintN(64, p).toString(16)}`, ''));
  const ctx = await s.getContext();
  const blamed = faultingFrame(s, ctx);
  const faulting = blamed?.frame, fsym = blamed?.sym;
  lines.push(`PROCESS_NAME:  System`, '', 'STACK_TEXT:  ', ...stackRows(s, ctx, false, analysisTop(ctx, bc.code)), '');
  const code = `0x${bc.code.toString(16).toUpperCase()}`;
  if (fsym?.module.symbols && faulting) {
    const l = fsym.module.symbols.lineForAddress(Number(faulting.pc - fsym.module.base));
    if (l) lines.push(`FAULTING_SOURCE_LINE:  ${l.file}`, '', `FAULTING_SOURCE_FILE:  ${l.file}`, '', `FAULTING_SOURCE_LINE_NUMBER:  ${l.line}`, '');
    return [...lines, ...blameLines(`${fsym.module.name}!${fsym.name}+${fsym.offset.toString(16)}`, fsym.module, `${code}_${fsym.module.name}!${fsym.name}`)].join('\n');
  }
  // No private symbols: the innermost frame in a loaded driver (not one of the kernel's own images) is still blamed
  // by its module, as !analyze does from the loaded-module list ("unknown_function").
  const driver = ctx.frames.map((f) => ({ f, m: s.symbolAt(f.pc)?.module })).find((x) => x.m && !x.m.exportDirectory);
  if (driver?.m) lines.push(...blameLines(`${driver.m.name}+${(driver.f.pc - driver.m.base).toString(16)}`, driver.m, `${code}_${driver.m.name}!unknown_function`));
  else lines.push('MODULE_NAME: nt', '', 'IMAGE_NAME:  ntoskrnl.exe', '', `FAILURE_BUCKET_ID:  ${code}_nt`, '', 'FOLLOWUP_NAME:  MachineOwner');
  return lines.join('\n');
}

export const targetCommands: CommandTable = {
  vertarget: (s) => s.vertargetLines().join('\n'),
  // WinDbg's shape: the target's lines, the debugger's own version and notice, its command line, the symbol paths
  // and the extension chain. Where WinDbg names its product and copyright, DriverLab names itself.
  version: (s) => [...s.vertargetLines(), '', 'DriverLab Kernel Debugger Version 1.0 AMD64',
    'DriverLab: a kernel debugger with WinDbg\'s command set over the KD protocol (not Microsoft software).', '',
    `Command line: '${s.commandLine()}'`, ...s.sympathLines(), 'Extension DLL chain:',
    '    kdexts: built in (!process, !thread, !irql, !pcr, !devnode, !devobj, !devstack, !drvobj, !irp, !object, !pool)',
    '    wdfkd: built in (!wdfkd.wdfldr, !wdfkd.wdfdriverinfo, !wdfkd.wdfdevice, !wdfkd.wdfqueue, !wdfkd.wdflogdump)',
    '    wmitrace: built in (!wmitrace.logdump)', '    ext: built in (!analyze, !lmi, !dh)'].join('\n'),
  '!irql': async (s) => {
    const ctx = await s.getContext();
    return `Debugger saved IRQL for processor 0x${(s.stop?.processor ?? 0).toString(16)} -- ${ctx.irql} (${IRQL_NAMES[ctx.irql] ?? `${ctx.irql}`})`;
  },
  '!pcr': (s) => pcr(s),
  '.bugcheck': async (s) => {
    const bc = await s.bugCheckData();
    if (!bc) return 'Bugcheck code 00000000\nArguments 00000000`00000000 00000000`00000000 00000000`00000000 00000000`00000000';
    return `Bugcheck code ${bc.code.toString(16).toUpperCase().padStart(8, '0')}\nArguments ${bc.params.map((p) => formatAddress(p)).join(' ')}`;
  },
  '!analyze': (s) => analyze(s),
};
