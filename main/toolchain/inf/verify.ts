// InfVerif's checks that a driver package build needs: [Version]/Signature, the Manufacturer → models → install
// section chain, AddService/KmdfService/UmdfService sections, CopyFiles sections, and service binaries that the
// package really contains. Codes are InfVerif's; line numbers are the INF's.
import type { Inf, InfLine } from './parse.ts';

export interface InfIssue { line: number; code: number; severity: 'error' | 'warning'; message: string }

export interface VerifyOptions {
  /** File names the package contains (e.g. KmdfHelloWorld.sys); service binaries must be among them. */
  packageFiles: string[];
  arch?: string; // decoration to look for, default 'amd64'
}

export interface VerifyResult { issues: InfIssue[]; universal: boolean }

const SIGNATURES = ['$windows nt$', '$chicago$', '$windows 95$'];
/** Directives that Universal INFs may not use. */
const NON_UNIVERSAL = ['registerdlls', 'unregisterdlls', 'updateinis', 'updateinifields', 'profileitems', 'ini2reg', 'logconfig'];

export function verifyInf(inf: Inf, opts: VerifyOptions): VerifyResult {
  const issues: InfIssue[] = [];
  const arch = (opts.arch ?? 'amd64').toLowerCase();
  const err = (line: number, code: number, message: string) => issues.push({ line, code, severity: 'error', message });
  const files = new Set(opts.packageFiles.map((f) => f.toLowerCase()));
  let universal = true;

  const version = inf.section('Version');
  if (!version) {
    err(1, 1001, `Invalid INF, must contain [Version] section and have signature "$Windows NT$".`);
  } else {
    const sig = inf.lines('Version', 'Signature')[0];
    if (!sig || !SIGNATURES.includes((sig.values[0] ?? '').toLowerCase())) {
      err(sig?.line ?? version.line, 1001, `Invalid INF, must contain [Version] section and have signature "$Windows NT$".`);
    }
  }

  const need = (name: string | undefined, from: InfLine, what: string): boolean => {
    if (!name) { err(from.line, 1005, `Section name is required for ${what} directive.`); return false; }
    if (!inf.section(name)) { err(from.line, 1203, `Section [${name}] not defined (referenced by ${what}).`); return false; }
    return true;
  };
  /** The install section a models line names, with the best platform decoration present. */
  const decorated = (base: string): string | undefined =>
    [`${base}.NT${arch}`, `${base}.NT`, base].find((n) => inf.section(n));

  const copied = new Set<string>();
  const checkInstall = (name: string) => {
    const sec = inf.section(name)!;
    for (const e of sec.entries) {
      const k = e.key?.toLowerCase();
      if (k === 'copyfiles') {
        for (const v of e.values) {
          if (v.startsWith('@')) copied.add(v.slice(1).toLowerCase());
          else if (need(v, e, 'CopyFiles')) for (const f of inf.section(v)!.entries) copied.add((f.key ?? f.values[0] ?? '').toLowerCase());
        }
      } else if (k === 'addreg' || k === 'delreg' || k === 'delfiles' || k === 'renfiles') {
        for (const v of e.values) if (v) need(v, e, e.rawKey ?? k);
      } else if (k && NON_UNIVERSAL.includes(k)) universal = false;
    }
  };

  const services: { line: InfLine; section: string }[] = [];
  for (const m of inf.section('Manufacturer')?.entries ?? []) {
    const [models, ...decorations] = m.values;
    const targets = decorations.length ? decorations.filter((d) => d.toLowerCase().startsWith('nt' + arch) || d.toLowerCase() === 'nt').map((d) => `${models}.${d}`) : [models];
    if (decorations.length && targets.length === 0) continue; // no models for this architecture
    for (const t of targets) {
      if (!need(t, m, 'Manufacturer')) continue;
      for (const dev of inf.section(t)!.entries) {
        const install = dev.values[0];
        const hwid = dev.values[1];
        const found = install ? decorated(install) : undefined;
        if (!found) {
          err(dev.line, 1203, install
            ? `Section [${install}] not defined: hardware ID '${hwid ?? ''}' names no install section.`
            : `Install section is required for hardware ID '${hwid ?? ''}'.`);
          continue;
        }
        checkInstall(found);
        for (const svc of inf.lines(`${found}.Services`, 'AddService')) {
          const sec = svc.values[2];
          if (sec && need(sec, svc, 'AddService')) services.push({ line: svc, section: sec });
        }
        for (const w of ['KmdfService', 'UmdfService']) {
          for (const l of inf.lines(`${found}.Wdf`, w)) {
            const sec = l.values[1];
            if (need(sec, l, w)) services.push({ line: l, section: sec });
          }
        }
      }
    }
  }
  for (const s of inf.sections) {
    if (/^defaultinstall/i.test(s.name) && !/\.services$/i.test(s.name)) checkInstall(s.name);
  }

  for (const { section } of services) {
    for (const b of inf.lines(section, 'ServiceBinary')) {
      const file = (b.values[0] ?? '').split('\\').pop()!;
      if (!file) continue;
      if (!files.has(file.toLowerCase()) || (copied.size > 0 && !copied.has(file.toLowerCase()))) {
        // The reflector (WUDFRd.sys) and the framework are in-box; a UMDF AddService names them.
        if (/^(wudfrd|wdf01000)\.sys$/i.test(file)) continue;
        err(b.line, 2084, `Service binary '${b.values[0]}' should reference a CopyFiles destination file.`);
      }
    }
  }
  for (const p of inf.problems) issues.push({ line: p.line, code: 1002, severity: 'warning', message: p.message });
  return { issues, universal };
}
