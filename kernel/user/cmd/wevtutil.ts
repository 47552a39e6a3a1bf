// wevtutil qe System: the System event log (the I/O manager's error-log entries drivers write), newest last,
// as XML events or with /f:text as text blocks; /c:N limits the count, /rd:true reverses the order.
import type { Command } from './shell.ts';

// Bare `wevtutil` (or /?) prints the tool's banner and its command list, exit code 0.
const USAGE = `Windows Events Command Line Utility.

Enables you to retrieve information about event logs and publishers, install
and uninstall event manifests, run queries, and export, archive, and clear logs.

Usage:

You can use either the short (for example, ep /uni) or long (for example,
enum-publishers /unicode) version of the command and option names. Commands,
options and option values are not case-sensitive.

Variables are noted in all upper-case.

wevtutil COMMAND [ARGUMENT [ARGUMENT] ...] [/OPTION:VALUE [/OPTION:VALUE] ...]

Commands:

el | enum-logs          List log names.
gl | get-log            Get log configuration information.
sl | set-log            Modify configuration of a log.
ep | enum-publishers    List event publishers.
gp | get-publisher      Get publisher configuration information.
im | install-manifest   Install event publishers and logs from manifest.
um | uninstall-manifest Uninstall event publishers and logs from manifest.
qe | query-events       Query events from a log or log file.
gli | get-log-info      Get log status information.
epl | export-log        Export a log.
al | archive-log        Archive an exported log.
cl | clear-log          Clear a log.

`;

export const wevtutil: Command = (sh, args) => {
  if (args.length === 0 || args[0] === '/?') { sh.out(USAGE); return 0; }
  const verb = args[0]!.toLowerCase();
  if (verb !== 'qe' && verb !== 'query-events') { sh.out(`The command "${args[0]}" is not recognized.\n`); return 87; }
  const log = args[1] ?? '';
  if (log.toLowerCase() !== 'system') { sh.out(`Failed to query log ${log}. The specified channel could not be found.\n`); return 15007; }
  const opt = (n: string) => args.find((a) => a.toLowerCase().startsWith(`/${n}:`))?.slice(n.length + 2);
  let events = [...sh.um.k.io.eventLog];
  if (opt('rd')?.toLowerCase() === 'true') events.reverse();
  const c = Number(opt('c'));
  if (Number.isFinite(c) && c > 0) events = events.slice(0, c);
  const text = opt('f')?.toLowerCase() === 'text';
  const when = (t: bigint) => new Date(Number((t - 116_444_736_000_000_000n) / 10_000n)).toISOString().slice(0, 23);
  events.forEach((e, i) => {
    if (text) {
      sh.out(`Event[${i}]:\n  Log Name: System\n  Source: ${e.source}\n  Date: ${when(e.timeCreated)}\n  Event ID: ${e.eventId}\n  Task: N/A\n  Level: ${e.level}\n` +
        `  Opcode: Info\n  Keyword: Classic\n  User: N/A\n  User Name: N/A\n  Computer: ${sh.um.computerName}\n  Description: \n` +
        `The description for Event ID ${e.eventId} from source ${e.source} cannot be found.\n\n`);
    } else {
      const level = { Error: 2, Warning: 3, Information: 4, Success: 4 }[e.level];
      sh.out(`<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${e.source}'/>` +
        `<EventID Qualifiers='${(e.errorCode >>> 16) & 0xffff}'>${e.eventId}</EventID><Level>${level}</Level><Task>${e.eventCategory}</Task>` +
        `<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='${when(e.timeCreated)}0000Z'/><EventRecordID>${i + 1}</EventRecordID><Channel>System</Channel><Computer>${sh.um.computerName}</Computer>` +
        `<Security/></System><EventData><Data></Data><Binary>${e.dumpData.map((d) => (d >>> 0).toString(16).toUpperCase().padStart(8, '0')).join('')}</Binary></EventData></Event>\n`);
    }
  });
  return 0;
};
