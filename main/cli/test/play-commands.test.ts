// Transcript test of the debugger commands the other transcripts do not cover, run by `driverlab play` on the real
// Echo driver: the session commands (version, .prefer_dml, .symfix, .echo, .printf, .help, .cls, sx/sxe/sxd), a
// break on the driver's load, the stack variants (kb, kv, kp), bm, bd/be, ba w4, the C++ evaluator (??, dx), the
// memory display and edit commands, !lmi, !dh, x /D, pc and tc - each checked against the shape WinDbg prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { echoOverKdnet, play } from './play.ts';

const A = 'fffff801`[0-9a-f]{8}';

test('debugger command shapes on the Echo driver: session, sx, stacks, breakpoints, ??, dx, d*/e*, !lmi, !dh, x /D, pc, tc', { timeout: 900_000 }, async () => {
  const { tmp, sym, opening } = echoOverKdnet('dl-play-cmds-');
  writeFileSync(path.join(tmp, 'cmds.txt'), `${opening}kd> version
kd> .prefer_dml 1
kd> .prefer_dml 0
kd> .symfix
kd> .sympath+ ${sym}
kd> .echo hello world
kd> .printf "x=%d y=%x\\n", 0n10, 0x20
kd> .help
kd> ed 0 1
kd> da 0
kd> u 0 L2
kd> sxe ld:echo
kd> sx
kd> sxe frob
kd> bu ECHO!EchoEvtDeviceAdd
kd> bu \`device.c:41\`
kd> g
host> deploy echo MyTestComputer --copy-only
MyTestComputer> cd C:\\DriverTest\\Drivers
MyTestComputer> devcon install echo.inf root\\ECHO
kd> k
kd> lm v m echo
kd> sxd ld:echo
kd> g
kd> kb
kd> kv
kd> kp
kd> bm ECHO!EchoEvtIo*
kd> bd 0
kd> bl
kd> be 0
kd> dx Driver
kd> dx 1+2
kd> ?? 1+2
kd> ?? 0x10
kd> ?? Driver
kd> ?? nosuch
kd> ba w4 status
kd> bl
kd> dw @rsp L8
kd> dq @rsp L4
kd> dc @rsp L8
kd> eb @rsp-80 41 42 43 00
kd> da @rsp-80
kd> ew @rsp-80 1234
kd> dw @rsp-80 L1
kd> ed @rsp-80 89abcdef
kd> dd @rsp-80 L1
kd> eq @rsp-80 0x1122334455667788
kd> dq @rsp-80 L1
kd> eq @rsp-80 0
kd> ea @rsp-80 "hello"
kd> da @rsp-80
kd> eu @rsp-80 "wide"
kd> du @rsp-80
kd> !lmi echo
kd> !dh echo
kd> x /D ECHO!EchoEvtDevice*
kd> .prefer_dml 1
kd> x ECHO!EchoEvtDeviceAdd
kd> .prefer_dml 0
kd> g
kd> dx deviceContext
kd> dx deviceContext->PrivateDeviceData
kd> ?? deviceContext->PrivateDeviceData
kd> dt -r ECHO!_WDF_IO_QUEUE_CONFIG
kd> dt ECHO!_WDF_OBJECT_ATTRIBUTES deviceAttributes
kd> pc
kd> tc
kd> g
kd> bc *
kd> .cls
kd> g
MyTestComputer> sc query echo
`);
  const r = await play(path.join(tmp, 'cmds.txt'));
  const t = r.out;
  assert.equal(r.code, 0, t);
  // The output of the nth `0: kd> cmd` line: up to the next prompt of any machine.
  const out = (cmd: string, nth = 0): string => {
    let i = -1;
    for (let k = 0; k <= nth; k++) { i = t.indexOf(`0: kd> ${cmd}\n`, i + 1); assert.ok(i >= 0, `the transcript has "${cmd}" (#${k}):\n${t}`); }
    const body = t.slice(i + `0: kd> ${cmd}\n`.length);
    const end = body.search(/^(\d+: kd> |host> |C:\\[^\n]*>)/m);
    return end < 0 ? body : body.slice(0, end);
  };

  // Session commands.
  assert.match(out('version'), new RegExp(`^Windows 10 Kernel Version 19041 MP \\(1 procs\\) Free x64\\n[\\s\\S]*?Kernel base = 0x${A} PsLoadedModuleList = 0x${A}\\n[\\s\\S]*?\\nDriverLab Kernel Debugger Version [\\d.]+ AMD64\\n[^\\n]+\\n\\nCommand line: 'windbg -k net:port=50000,key=1\\.2\\.3\\.4'\\nSymbol search path is: `));
  assert.equal(out('.prefer_dml 1'), 'DML versions of commands on by default\n');
  assert.equal(out('.prefer_dml 0'), 'DML versions of commands off by default\n');
  assert.equal(out('.symfix'), '');
  assert.match(out(`.sympath+ ${sym}`), /^Symbol search path is: srv\*C:\\ProgramData\\Dbg\\sym\*https:\/\/msdl\.microsoft\.com\/download\/symbols;/);
  assert.equal(out('.echo hello world'), 'hello world\n');
  assert.equal(out('.printf "x=%d y=%x\\n", 0n10, 0x20'), 'x=10 y=20\n');
  assert.match(out('.help'), /^\. commands:\n {3}\.bugcheck - [^\n]+\n[\s\S]* {3}\.echo \[<string>\] - echo the string\n[\s\S]*\nUse "\.hh <command>"/);
  assert.equal(out('ed 0 1'), "Memory access error at '1'\n");
  assert.equal(out('da 0'), `00000000\`00000000  "${'?'.repeat(48)}"\n`);
  assert.equal(out('u 0 L2'), '00000000`00000000 ??              ???\n00000000`00000001 ??              ???\n');
  assert.equal(out('sxe ld:echo'), '');
  assert.match(out('sx'), /^ {2}ct - Create thread - ignore\n[\s\S]*\n {2}ld - Load module - break\n {7}\(only break for echo\)\n[\s\S]*\n\n {2}av - Access violation - break - not handled\n[\s\S]* {2}eh - C\+\+ EH exception - second-chance break - not handled\n/);
  assert.equal(out('sxe frob'), "       ^ Syntax error in 'sxe frob'\n");

  // sxe ld:echo: the load stops the target as KD's load-symbols report does: the ModLoad line, then the int 3 after
  // nt!DebugService2's int 2d, which nt!DbgLoadImageSymbols called; lm v m echo works there.
  const ret = `(?:${A}|00000000\`00000000)`;
  assert.match(out('k'), new RegExp(`^ModLoad: ${A} ${A}   \\\\SystemRoot\\\\System32\\\\DriverStore\\\\FileRepository\\\\echo\\.inf_amd64_[0-9a-f]+\\\\echo\\.sys\\nnt!DebugService2\\+0x5:\\n${A} cc {14}int {5}3\\nChild-SP {10}RetAddr {11}Call Site\\n${A} ${A} nt!DebugService2\\+0x5\\n${A} ${ret} nt!DbgLoadImageSymbols\\n`));
  assert.match(out('lm v m echo'), new RegExp(`^start {13}end {17}module name\\n${A} ${A} {3}echo {7}\\(private pdb symbols\\)`));

  // Stacks at the EchoEvtDeviceAdd hit: kb and kv with Child-SP, RetAddr, four Args to Child and the call site.
  const row = `${A} (?:${A}|00000000\`00000000) : (?:[0-9a-f]{8}\`[0-9a-f]{8} ){4}: `;
  for (const k of ['kb', 'kv']) {
    assert.match(out(k), new RegExp(`(?:^|\\n)Child-SP {10}RetAddr {11}: Args to Child {59}: Call Site\\n${row}echo!EchoEvtDeviceAdd \\[.*driver\\.c @ \\d+\\]\\n${row}Wdf01000!FxDriverDeviceAdd::Invoke\\n`), k);
  }
  assert.match(out('kp'), new RegExp(`^Child-SP {10}RetAddr {11}Call Site\\n${A} ${A} echo!EchoEvtDeviceAdd\\(WDFDRIVER Driver = 0x${A}, PWDFDEVICE_INIT DeviceInit = 0x${A}\\) \\[.*driver\\.c @ \\d+\\]\\n`));
  assert.match(out('bm ECHO!EchoEvtIo*'), new RegExp(`^ {2}2: ${A} @!"echo!EchoEvtIoRead"\\n {2}3: ${A} @!"echo!EchoEvtIoWrite"\\n`));
  assert.equal(out('bd 0'), '');
  assert.match(out('bl'), new RegExp(`^ {5}0 d Enable Clear  ${A}  \\[.*driver\\.c @ \\d+\\] {5}0001 \\(0001\\) echo!EchoEvtDeviceAdd\\n {5}1 e Disable Clear  ${A}  \\[.*device\\.c @ 41\\] {5}0001 \\(0001\\) echo!EchoDeviceCreate\\+0x[0-9a-f]+\\n`));
  assert.match(out('bl', 1), new RegExp(`^ {5}0 e Disable Clear  ${A}  \\[[\\s\\S]*\\n {5}5 e Disable Clear  ${A} w 4 0001 \\(0001\\)`));

  // The C++ evaluator: literals are ints, names have their DWARF types, dx shows a computed value without a type.
  assert.match(out('dx Driver'), new RegExp(`^Driver {11}: 0x${A} \\[Type: WDFDRIVER\\]\\n`));
  assert.equal(out('dx 1+2'), '1+2              : 3\n');
  assert.equal(out('?? 1+2'), 'int 0n3\n');
  assert.equal(out('?? 0x10'), 'int 0n16\n');
  assert.match(out('?? Driver'), new RegExp(`^WDFDRIVER 0x${A}\\n$`));
  assert.equal(out('?? nosuch'), "Couldn't resolve error at 'nosuch'\n");

  // Memory: display widths and the edits read back.
  assert.match(out('dw @rsp L8'), new RegExp(`^${A}  (?:[0-9a-f]{4} ){7}[0-9a-f]{4}\\n$`));
  assert.match(out('dq @rsp L4'), new RegExp(`^${A}  [0-9a-f]{8}\`[0-9a-f]{8} [0-9a-f]{8}\`[0-9a-f]{8}\\n${A}  [0-9a-f]{8}\`[0-9a-f]{8} [0-9a-f]{8}\`[0-9a-f]{8}\\n$`));
  assert.match(out('dc @rsp L8'), new RegExp(`^${A}  (?:[0-9a-f]{8} ){3}[0-9a-f]{8}  [ -~]{16}\\n${A}  (?:[0-9a-f]{8} ){3}[0-9a-f]{8}  [ -~]{16}\\n$`));
  assert.equal(out('eb @rsp-80 41 42 43 00'), '');
  assert.match(out('da @rsp-80'), new RegExp(`^${A}  "ABC"\\n$`));
  assert.match(out('dw @rsp-80 L1'), new RegExp(`^${A}  1234\\n$`));
  assert.match(out('dd @rsp-80 L1'), new RegExp(`^${A}  89abcdef\\n$`));
  assert.match(out('dq @rsp-80 L1'), new RegExp(`^${A}  11223344\`55667788\\n$`));
  assert.match(out('da @rsp-80', 1), new RegExp(`^${A}  "hello"\\n$`));
  assert.match(out('du @rsp-80'), new RegExp(`^${A}  "wide"\\n$`));

  // Module information.
  assert.match(out('!lmi echo'), new RegExp(`^Loaded Module Info: \\[echo\\] \\n {9}Module: echo\\n {3}Base Address: ${A}\\n {5}Image Name: echo\\.sys\\n {3}Machine Type: 34404 \\(X64\\)\\n[\\s\\S]* {4}Symbol Type: DWARF - Symbols loaded successfully`));
  assert.match(out('!dh echo'), new RegExp(`^File Type: EXECUTABLE IMAGE\\nFILE HEADER VALUES\\n {4}8664 machine \\(X64\\)\\n[\\s\\S]*OPTIONAL HEADER VALUES\\n {4}3000 size of image\\n${A} image base\\n`));
  const index = ' A B C D E F G H I J K L M N O P Q R S T U V W X Y Z\n\n';
  assert.match(out('x /D ECHO!EchoEvtDevice*'), new RegExp(`^${index}${A} echo!EchoEvtDeviceAdd \\(WDFDRIVER, PWDFDEVICE_INIT\\)\\n`));
  assert.match(out('x ECHO!EchoEvtDeviceAdd'), new RegExp(`^${index}${A} echo!EchoEvtDeviceAdd \\(WDFDRIVER, PWDFDEVICE_INIT\\)\\n$`));

  // At device.c:41: dx expands the struct behind a pointer; ?? and dx follow ->; dt -r shows a nested member.
  assert.match(out('dx deviceContext'), new RegExp(`Breakpoint 1 hit\\n[\\s\\S]*\\ndeviceContext {4}: 0x${A} \\[Type: PDEVICE_CONTEXT\\]\\n {4}\\[\\+0x000\\] PrivateDeviceData : \\d+ \\[Type: ULONG\\]\\n$`));
  assert.match(out('dx deviceContext->PrivateDeviceData'), /^deviceContext->PrivateDeviceData : \d+ \[Type: ULONG\]\n$/);
  assert.match(out('?? deviceContext->PrivateDeviceData'), /^ULONG 0x[0-9a-f]+\n$/);
  assert.match(out('dt -r ECHO!_WDF_IO_QUEUE_CONFIG'), /^ {3}\+0x000 Size {13}: Uint4B\n[\s\S]*\n {3}\+0x[0-9a-f]{3} Settings {9}: <unnamed-tag>\n {6}\+0x000 Parallel/);
  // dt of a struct at an address (the local's): each member's value, the context type's name behind its pointer.
  assert.match(out('dt ECHO!_WDF_OBJECT_ATTRIBUTES deviceAttributes'), /^ {3}\+0x000 Size {13}: 0x[0-9a-f]+\n[\s\S]*\n {3}\+0x[0-9a-f]{3} ContextTypeInfo  : 0x[0-9a-f`]+\n/);
  // pc stops at the next call, tc steps into calls until the next one.
  assert.match(out('pc'), new RegExp(`^echo!EchoDeviceCreate\\+0x[0-9a-f]+:\\n${A} [0-9a-f]+ +call {4}\\w+\\n$`));
  assert.match(out('tc'), new RegExp(`^echo!\\w+\\+0x[0-9a-f]+:\\n${A} [0-9a-f]+ +call {4}\\w+\\n$`));
  // ba w4 on the local `status`: the target stops after the write that stores EchoDeviceCreate's result.
  assert.match(out('bc *'), /^Breakpoint 5 hit\necho!EchoEvtDeviceAdd\+0x[0-9a-f]+:\n/);
  assert.equal(out('.cls'), '');
  assert.match(t, /STATE {14}: 4 {2}RUNNING/);
});
