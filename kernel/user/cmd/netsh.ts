// netsh advfirewall: the target's Windows Defender Firewall from the command line. `firewall set rule group=|name=
// ... new enable=yes|no`, `firewall show rule name=...|all`, `set <profile> state on|off`, `show <profile> state`.
// The policy is the registry's (firewall-store.ts); a change is applied to the machine's network stack at once,
// which is what the provisioning lab's ping and file copies meet.
import type { Command, Shell } from './shell.ts';
import { ACTIVE_PROFILE, field, fields, isActive, PROFILES, profileEnabled, readRules, setActive, setProfileEnabled, writeRule, type FirewallRule, type Profile } from '../firewall-store.ts';

const OK = 'Ok.\n\n';
const MISSING = 'One or more essential parameters were not entered.\nVerify the required parameters, and reenter them.\n\n';
const INVALID = 'A specified value is not valid.\n\n';
const NO_MATCH = '\nNo rules match the specified criteria.\n\n';
const RULE_LINE = '-'.repeat(70);

/** `key=value` arguments (the value's quotes already gone) before and after `new`. */
function params(args: string[]): { where: Map<string, string>; set: Map<string, string>; hasNew: boolean } {
  const where = new Map<string, string>(), set = new Map<string, string>();
  let target = where, hasNew = false;
  for (const a of args) {
    if (a.toLowerCase() === 'new') { target = set; hasNew = true; continue; }
    const i = a.indexOf('=');
    if (i > 0) target.set(a.slice(0, i).toLowerCase(), a.slice(i + 1));
  }
  return { where, set, hasNew };
}

const matches = (r: FirewallRule, where: Map<string, string>): boolean => {
  const name = where.get('name'), group = where.get('group'), dir = where.get('dir');
  if (name !== undefined && name.toLowerCase() !== 'all' && field(r, 'Name')?.toLowerCase() !== name.toLowerCase()) return false;
  if (group !== undefined && field(r, 'EmbedCtxt')?.toLowerCase() !== group.toLowerCase()) return false;
  if (dir !== undefined && field(r, 'Dir')?.toLowerCase() !== dir.toLowerCase()) return false;
  return true;
};

function yesNo(v: string | undefined): boolean | undefined {
  const s = v?.toLowerCase();
  return s === 'yes' || s === 'true' ? true : s === 'no' || s === 'false' ? false : undefined;
}

function setRule(sh: Shell, args: string[]): number {
  const { where, set, hasNew } = params(args);
  if (!where.has('name') && !where.has('group') || !hasNew || !set.size) { sh.out(MISSING); return 1; }
  if (where.get('name')?.toLowerCase() === 'all') { sh.out(INVALID); return 1; }
  // A group can only be enabled or disabled; enable= is the one change we model on a rule.
  const enable = yesNo(set.get('enable'));
  if (enable === undefined || set.size > 1) { sh.out(INVALID); return 1; }
  const reg = sh.um.k.registry;
  const hit = readRules(reg).filter((r) => matches(r, where));
  if (!hit.length) { sh.out(NO_MATCH); return 1; }
  for (const r of hit) { setActive(r, enable); writeRule(reg, r); }
  sh.um.machine.firewallChanged?.();
  sh.out(`\nUpdated ${hit.length} rule(s).\n${OK}`);
  return 0;
}

const row = (label: string, value: string) => `${`${label}:`.padEnd(38)}${value}\n`;

function describe(r: FirewallRule): string {
  const proto = field(r, 'Protocol');
  const profiles = fields(r, 'Profile');
  let t = `\n${row('Rule Name', field(r, 'Name') ?? r.id)}${RULE_LINE}\n`;
  t += row('Enabled', isActive(r) ? 'Yes' : 'No') + row('Direction', field(r, 'Dir') === 'Out' ? 'Out' : 'In');
  t += row('Profiles', profiles.length ? profiles.join(',') : 'Domain,Private,Public') + row('Grouping', field(r, 'EmbedCtxt') ?? '');
  t += row('LocalIP', 'Any') + row('RemoteIP', 'Any');
  if (proto === '1') {
    const [type, code] = (field(r, 'ICMP4') ?? '8:*').split(':');
    t += row('Protocol', 'ICMPv4') + `${' '.repeat(38)}Type    Code\n${' '.repeat(38)}${type!.padEnd(8)}${code === '*' ? 'Any' : code}\n`;
  } else {
    t += row('Protocol', proto === '6' ? 'TCP' : proto === '17' ? 'UDP' : 'Any');
    if (proto === '6' || proto === '17') t += row('LocalPort', fields(r, 'LPort').join(',') || 'Any') + row('RemotePort', 'Any');
  }
  return t + row('Edge traversal', 'No') + row('Action', field(r, 'Action') ?? 'Allow');
}

function showRule(sh: Shell, args: string[]): number {
  const { where } = params(args);
  if (!where.has('name')) { sh.out(MISSING); return 1; }
  const hit = readRules(sh.um.k.registry).filter((r) => matches(r, where));
  if (!hit.length) { sh.out(NO_MATCH); return 1; }
  sh.out(hit.map(describe).join('') + OK);
  return 0;
}

/** allprofiles | domainprofile | privateprofile | publicprofile | currentprofile → the profiles meant. */
function profilesOf(word: string | undefined): Profile[] | undefined {
  const w = word?.toLowerCase();
  if (w === 'allprofiles') return ['domain', 'private', 'public'];
  if (w === 'currentprofile') return [ACTIVE_PROFILE];
  const p = w?.replace(/profile$/, '');
  return p && p in PROFILES ? [p as Profile] : undefined;
}

const TITLES: Record<Profile, string> = { domain: 'Domain', private: 'Private', public: 'Public' };

function profileCommand(sh: Shell, verb: string, args: string[]): number {
  const which = profilesOf(args[0]);
  if (!which) { sh.out(`The following command was not found: advfirewall ${verb} ${args.join(' ')}.\n`); return 1; }
  const reg = sh.um.k.registry;
  if (verb === 'show') {
    sh.out(which.map((p) => `\n${TITLES[p]} Profile Settings: \n${RULE_LINE}\n${'State'.padEnd(38)}${profileEnabled(reg, p) ? 'ON' : 'OFF'}\n`).join('') + OK);
    return 0;
  }
  if (args[1]?.toLowerCase() !== 'state') { sh.out(MISSING); return 1; }
  const on = { on: true, off: false }[args[2]?.toLowerCase() ?? ''];
  if (on === undefined) { sh.out(INVALID); return 1; }
  for (const p of which) setProfileEnabled(reg, p, on);
  sh.um.machine.firewallChanged?.();
  sh.out(OK);
  return 0;
}

export const netsh: Command = (sh, args) => {
  const [ctx, a, b, c] = args.map((x) => x.toLowerCase());
  if (ctx === 'advfirewall' && a === 'firewall' && b === 'set' && c === 'rule') return setRule(sh, args.slice(4));
  if (ctx === 'advfirewall' && a === 'firewall' && b === 'show' && c === 'rule') return showRule(sh, args.slice(4));
  if (ctx === 'advfirewall' && (a === 'set' || a === 'show') && b) return profileCommand(sh, a, args.slice(2));
  if (!ctx) { sh.out('\nUsage: netsh advfirewall firewall set rule group=<name>|name=<name> new enable=yes|no\n       netsh advfirewall firewall show rule name=<name>|all\n       netsh advfirewall set allprofiles|currentprofile|domainprofile|privateprofile|publicprofile state on|off\n'); return 0; }
  sh.out(`The following command was not found: ${args.join(' ')}.\n`);
  return 1;
};
