// reg query | add: the registry from the command line, keys as HKEY_LOCAL_MACHINE\... (HKLM accepted), values
// in reg's four-space columns; errors and exit codes as reg gives them.
import { REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD, REG_TYPE_NAMES, type RegKey, type RegValue } from '../../ntos/cm/registry.ts';
import type { Command, Shell } from './shell.ts';

const NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.\n';

/** HKEY_LOCAL_MACHINE\... as reg prints a key. */
function shown(k: RegKey): string {
  const parts = k.path.split('\\').slice(1);
  const hive = parts[0]?.toUpperCase() === 'MACHINE' ? 'HKEY_LOCAL_MACHINE' : parts[0]?.toUpperCase() === 'USER' ? 'HKEY_USERS' : parts[0] ?? '';
  return [hive, ...parts.slice(1)].join('\\');
}

function valueText(v: RegValue): string {
  switch (v.type) {
    case REG_DWORD: return '0x' + (Number(v.data) >>> 0).toString(16);
    case REG_QWORD: return '0x' + BigInt(v.data as bigint).toString(16);
    case REG_MULTI_SZ: return (v.data as string[]).join('\\0');
    case REG_BINARY: return [...(v.data as Uint8Array)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
    default: return String(v.data);
  }
}

const line = (v: RegValue) => `    ${v.name || '(Default)'}    ${REG_TYPE_NAMES[v.type] ?? 'REG_NONE'}    ${valueText(v)}\n`;

function keyPath(arg: string): string | undefined {
  const head = arg.split('\\')[0]!.toUpperCase();
  return ['HKLM', 'HKEY_LOCAL_MACHINE', 'HKU', 'HKEY_USERS'].includes(head) ? arg : undefined;
}

function query(sh: Shell, args: string[]): number {
  const path = keyPath(args[0] ?? '');
  if (!path) { sh.out('ERROR: Invalid key name.\nType "REG QUERY /?" for usage.\n'); return 1; }
  const k = sh.um.k.registry.open(path);
  if (!k) { sh.out(NOT_FOUND); return 1; }
  const vi = args.findIndex((a) => a.toLowerCase() === '/v');
  if (vi >= 0) {
    const v = k.value(args[vi + 1] ?? '');
    if (!v) { sh.out(NOT_FOUND); return 1; }
    sh.out(`\n${shown(k)}\n${line(v)}\n`);
    return 0;
  }
  let t = `\n${shown(k)}\n`;
  for (const v of k.values.values()) t += line(v);
  if (k.values.size) t += '\n';
  for (const s of k.subkeys.values()) t += `${shown(s)}\n`;
  sh.out(t);
  return 0;
}

function add(sh: Shell, args: string[]): number {
  const path = keyPath(args[0] ?? '');
  if (!path) { sh.out('ERROR: Invalid key name.\nType "REG ADD /?" for usage.\n'); return 1; }
  const opt = (n: string) => { const i = args.findIndex((a) => a.toLowerCase() === n); return i >= 0 ? args[i + 1] : undefined; };
  const typeName = (opt('/t') ?? 'REG_SZ').toUpperCase();
  const type = Number(Object.entries(REG_TYPE_NAMES).find(([, n]) => n === typeName)?.[0] ?? -1);
  if (type < 0) { sh.out('ERROR: Invalid syntax.\nType "REG ADD /?" for usage.\n'); return 1; }
  const k = sh.um.k.registry.open(path) ?? sh.um.k.registry.create(path);
  const name = opt('/v') ?? (args.some((a) => a.toLowerCase() === '/ve') ? '' : undefined);
  if (name !== undefined) {
    if (k.value(name) && !args.some((a) => a.toLowerCase() === '/f')) {
      sh.out(`Value ${name || '(Default)'} exists, overwrite(Yes/No)? \nThe operation was canceled by the user.\n`);
      return 1;
    }
    const d = opt('/d') ?? '';
    let data: RegValue['data'];
    if (type === REG_DWORD) { const n = Number(d); if (!Number.isFinite(n) || n < 0 || n > 0xffffffff) { sh.out('ERROR: Invalid syntax.\nType "REG ADD /?" for usage.\n'); return 1; } data = n >>> 0; }
    else if (type === REG_QWORD) data = BigInt(d || 0);
    else if (type === REG_MULTI_SZ) data = d.split('\\0');
    else if (type === REG_BINARY) data = Uint8Array.from(d.match(/../g) ?? [], (h) => parseInt(h, 16));
    else data = d;
    k.setValue(name, type, data);
  }
  sh.out('The operation completed successfully.\n');
  return 0;
}

export const reg: Command = (sh, args) => {
  const verb = (args[0] ?? '').toLowerCase();
  if (verb === 'query') return query(sh, args.slice(1));
  if (verb === 'add') return add(sh, args.slice(1));
  sh.out(`ERROR: Invalid syntax.\nType "REG /?" for usage.\n`);
  return 1;
};
