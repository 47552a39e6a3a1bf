// The INF install engine (SetupAPI and the driver store on the target): stage a package into the driver store
// as oemN.inf after checking its catalog, create a root-enumerated device for a hardware ID (devcon install),
// select the matching model from [Manufacturer] (with NT$ARCH$.10.0... decorations), run the DDInstall sections
// (CopyFiles to DestinationDirs, AddReg/DelReg with HKR, .Services AddService, .HW, .Wdf KmdfService) and start
// the device. Results carry the lines devcon and pnputil print; setupapi.dev.log records every step.
import { parseInf, type Inf } from '../../../main/toolchain/inf/parse.ts';
import { verifyCatalog } from '../../../main/toolchain/catalog.ts';
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ, type RegKey } from '../../ntos/cm/registry.ts';
import type { Kernel } from '../../ntos/kernel.ts';
import { SERVICES_KEY } from '../../ntos/io/driver.ts';
import { pnp, CLASS_KEY, ENUM_KEY, type PnpManager } from '../../ntos/io/pnp/manager.ts';
import { PROBLEMS, type DevNode } from '../../ntos/io/pnp/devnode.ts';
import { SetupLog } from './log.ts';
import { inTurn, thenMaybe } from '../in-turn.ts';
import { WUDF_SERVICES_KEY } from '../umdf/reflector.ts';
import { INBOX_INFS } from '../umdf/wudfrd-inf.ts';

export const ARCH = 'amd64';
/** Setup class of extension INFs, which add to a device's base driver instead of replacing it. */
const EXTENSION_CLASS_GUID = '{e2f84ce7-8efa-411c-aa69-97454ca4cb57}';
const isExtension = (p: DriverPackage) => p.classGuid === EXTENSION_CLASS_GUID;
/** Values a .HW AddReg writes as device properties (the devnode's Enum key), not into Device Parameters. */
const DEVNODE_VALUES = ['upperfilters', 'lowerfilters', 'security', 'devicetype', 'devicecharacteristics', 'exclusive'];
/** Where the driver store keeps packages and where published INFs go (NT paths of the target's disk). */
export const FILE_REPOSITORY = '\\SystemRoot\\System32\\DriverStore\\FileRepository';
export const INF_DIR = '\\SystemRoot\\INF';
export const SETUP_LOG = `${INF_DIR}\\setupapi.dev.log`;

export interface DriverPackage {
  publishedName: string; originalName: string; provider: string; className: string; classGuid: string;
  driverVer: string; signer?: string; testSigned: boolean; signed: boolean; storeDir: string; inf: Inf; files: Record<string, Uint8Array>;
}

export interface SetupResult { ok: boolean; lines: string[]; node?: DevNode; rebootRequired?: boolean; prompt?: string }

/** Win32 path (C:\dir\x.inf) → the NT path the disk is read by. */
export function ntPathOf(win32: string): string {
  if (/^\\(SystemRoot|\?\?|Device)\\/i.test(win32)) return win32;
  return /^[a-zA-Z]:\\/.test(win32) ? `\\??\\${win32}` : win32;
}

function dirOf(p: string): string { return p.slice(0, p.lastIndexOf('\\')); }
function baseOf(p: string): string { return p.slice(p.lastIndexOf('\\') + 1); }

export class SetupEngine {
  readonly log: SetupLog;
  readonly packages: DriverPackage[] = [];
  /** Files setup wrote (driver store, copied binaries): the disk reads them first. */
  readonly written = new Map<string, Uint8Array>();
  /** bcdedit /set testsigning on: test-signed packages' drivers may load. */
  testSigning = false;
  /** Answer to the "Windows can't verify the publisher" prompt (a learner clicks "Install this driver software anyway"). */
  installUnverified = true;
  /** Images that came from packages whose signature the policy rejects (Code 52 when loaded). */
  private readonly untrusted = new Set<string>();
  private readonly m: PnpManager;

  constructor(readonly k: Kernel, now: () => Date = () => new Date(Date.UTC(2024, 0, 15, 9, 0, 0))) {
    // setupapi.dev.log is a file in the INF folder: a learner reads it with `type` (e.g. the unsigned-driver prompt).
    const previous = k.io.readFile(SETUP_LOG);
    this.log = new SetupLog(now, previous && new TextDecoder().decode(previous), (text) => this.write(SETUP_LOG, new TextEncoder().encode(text)));
    this.m = pnp(k);
    // The first engine made for a kernel is its setup engine (the boot makes it; devcon and pnputil find it).
    if (!engines.has(k)) engines.set(k, this);
    const read = k.io.readFile;
    k.io.readFile = (p) => this.written.get(p.toLowerCase()) ?? read(p);
    const verify = this.m.verifyImage;
    this.m.verifyImage = (bytes, path) => verify(bytes, path) && (!this.untrusted.has(path.toLowerCase()) || false);
  }

  private read(ntPath: string): Uint8Array | undefined { return this.k.io.readFile(ntPath); }
  private write(ntPath: string, bytes: Uint8Array): void { this.written.set(ntPath.toLowerCase(), bytes); }

  // ---------------------------------------------------------------- driver store

  /** pnputil /add-driver: the package into the driver store (once per identical package); oemN.inf. */
  stage(infPath: string, log = this.log.section(`Setup Import Driver Package - ${infPath}`)): { pkg?: DriverPackage; error?: string; prompt?: string } {
    const nt = ntPathOf(infPath);
    const bytes = this.read(nt);
    if (!bytes) { log.write('sto', `Failed to open INF file '${infPath}'. Error = 0x00000002`, true); log.end('FAILURE(0x00000002)'); return { error: 'The system cannot find the file specified.' }; }
    const text = new TextDecoder().decode(bytes);
    const inf = parseInf(text, { arch: ARCH });
    log.write('sto', `Driver Package = ${infPath}`);
    const version = (key: string) => inf.value('Version', key) ?? '';
    if (!/^\$(WINDOWS NT|Chicago)\$$/i.test(version('Signature'))) { log.write('inf', 'Invalid INF Signature.', true); log.end('FAILURE(0xe0000302)'); return { error: 'The INF is not a valid driver package INF.' }; }
    const files: Record<string, Uint8Array> = { [baseOf(nt)]: bytes };
    const dir = dirOf(nt);
    for (const e of inf.section('SourceDisksFiles')?.entries ?? []) {
      const name = e.key ?? e.values[0]!;
      const b = this.read(`${dir}\\${name}`);
      if (!b) { log.write('sto', `Failed to copy file '${dirOf(infPath)}\\${name}'. Error = 0x00000002`, true); log.end('FAILURE(0x00000002)'); return { error: `The system cannot find the file specified (${name}).` }; }
      files[name] = b;
    }
    // Signature: the catalog named in [Version] over every file of the package.
    let signer: string | undefined, signed = false;
    const catName = version('CatalogFile');
    const cat = catName ? this.read(`${dir}\\${catName}`) : undefined;
    if (cat) {
      const members = Object.fromEntries(Object.entries(files));
      const check = verifyCatalog(cat, members);
      signed = check.ok; signer = check.signer;
      files[catName] = cat;
      log.write('sto', check.ok ? `Catalog file '${catName}' verified, signer: ${check.signer}.` : `Catalog file '${catName}' did not verify: ${check.reason}`, !check.ok);
    } else {
      log.write('sto', 'Driver package does not contain a catalog file, but user wants to install anyway.', true);
    }
    const testSigned = signed && /test/i.test(signer ?? '');
    let prompt: string | undefined;
    if (!signed || testSigned) {
      prompt = "Windows can't verify the publisher of this driver software.";
      log.write('sto', `Driver package signer is not trusted: ${prompt}`, true);
      if (!this.installUnverified) { log.write('sto', 'User declined to install the unverified driver package.', true); log.end('FAILURE(0x800b0109)'); return { error: 'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.', prompt }; }
      log.write('sto', 'User chose to install the driver package anyway.');
    }
    const originalName = baseOf(nt).toLowerCase();
    const same = this.packages.find((p) => p.originalName === originalName && Object.keys(files).every((f) => p.files[f] && Buffer.compare(p.files[f]!, files[f]!) === 0));
    if (same) { log.write('sto', `Driver package already imported as '${same.publishedName}'.`); log.end('SUCCESS'); return { pkg: same, prompt }; }
    let n = 0;
    while (this.packages.some((p) => p.publishedName === `oem${n}.inf`)) n++;
    const publishedName = `oem${n}.inf`;
    const hash = [...originalName].reduce((h, c) => (h * 31 + c.charCodeAt(0) + n) >>> 0, 7).toString(16).padStart(8, '0');
    const storeDir = `${FILE_REPOSITORY}\\${originalName.replace(/\.inf$/, '')}.inf_${ARCH}_${hash}${hash.slice(0, 8)}`;
    for (const [name, b] of Object.entries(files)) this.write(`${storeDir}\\${name}`, b);
    this.write(`${INF_DIR}\\${publishedName}`, bytes);
    const pkg: DriverPackage = {
      publishedName, originalName, provider: version('Provider'), className: version('Class'), classGuid: version('ClassGuid').toLowerCase(),
      // DriverVer = date,version: both values of the line (value() gives only the first).
      driverVer: (inf.lines('Version', 'DriverVer')[0]?.values ?? []).map((v) => v.trim()).join(','), signer, testSigned, signed, storeDir, inf, files,
    };
    this.packages.push(pkg);
    log.write('sto', `Published Driver Store Entry: ${publishedName} -> ${storeDir}\\${baseOf(nt)}`);
    log.end('SUCCESS');
    return { pkg, prompt };
  }

  /** The models line for a hardware ID: [Manufacturer] → decorated models section → `desc = DDInstall, id...`. */
  private findModel(inf: Inf, hwid: string): { description: string; install: string; ids: string[] } | undefined {
    for (const m of inf.section('Manufacturer')?.entries ?? []) {
      const [models, ...decorations] = m.values;
      if (!models) continue;
      const names = [...decorations.filter((d) => d.toLowerCase().startsWith(`nt${ARCH}`)).map((d) => `${models}.${d}`), models];
      for (const name of names) {
        for (const e of inf.section(name)?.entries ?? []) {
          const ids = e.values.slice(1).map((x) => x.trim()).filter(Boolean);
          if (ids.some((i) => i.toLowerCase() === hwid.toLowerCase())) return { description: e.key ?? '', install: e.values[0]!, ids };
        }
      }
    }
    return undefined;
  }

  /** DDInstall with the best platform suffix the INF has (.NTamd64, .NT, none), as SetupAPI picks it. */
  private ddInstall(inf: Inf, base: string): string {
    for (const s of [`${base}.NT${ARCH}`, `${base}.NT`, base]) if (inf.section(s)) return s;
    return base;
  }

  // ---------------------------------------------------------------- devcon install / update

  /** devcon install <inf> <hwid>: a new root-enumerated device, its driver installed from the INF, started. */
  installInf(infPath: string, hwid: string): SetupResult {
    const lines: string[] = [];
    const staged = this.stage(infPath);
    if (!staged.pkg) return { ok: false, lines: [staged.error ?? 'devcon failed.', 'devcon failed.'], prompt: staged.prompt };
    const pkg = staged.pkg;
    const model = this.findModel(pkg.inf, hwid);
    if (!model) return { ok: false, lines: [`devcon failed.`], prompt: staged.prompt };
    const node = this.m.createRootDevice({ hardwareIds: [hwid], className: pkg.className, classGuid: pkg.classGuid, description: model.description });
    lines.push('Device node created. Install is complete when drivers are installed...', `Updating drivers for ${hwid} from ${infPath}.`);
    const r = this.installOn(node, pkg, model, `Device Install (UpdateDriverForPlugAndPlayDevices) - ${hwid}`);
    lines.push(...(r.ok ? ['Drivers installed successfully.'] : [r.error ?? 'devcon failed.', 'devcon failed.']));
    return { ok: r.ok, lines, node, prompt: staged.prompt };
  }

  /** devcon update <inf> <hwid>: the INF's driver for every present device with that ID (restarted). */
  updateDriver(infPath: string, hwid: string): SetupResult {
    const staged = this.stage(infPath);
    if (!staged.pkg) return { ok: false, lines: [staged.error ?? 'devcon failed.', 'devcon failed.'] };
    const model = this.findModel(staged.pkg.inf, hwid);
    const nodes = this.m.findByHardwareId(hwid);
    if (!model || !nodes.length) return { ok: false, lines: ['devcon failed.'] };
    const lines = [`Updating drivers for ${hwid} from ${infPath}.`];
    let ok = true;
    for (const n of nodes) {
      this.m.stopStack(n);
      const r = this.installOn(n, staged.pkg, model, `Device Install (UpdateDriverForPlugAndPlayDevices) - ${hwid}`);
      ok &&= r.ok;
    }
    lines.push(ok ? 'Drivers installed successfully.' : 'devcon failed.');
    return { ok, lines, prompt: staged.prompt };
  }

  /**
   * Update driver > Search automatically: the best driver in the store for the device (its ID matched earliest, a
   * hardware ID before a compatible one, then the newest DriverVer date, then the highest version) installed and
   * the device restarted, unless it is the one installed already (or no better); whether it installed, and the result.
   */
  updateFromStore(n: DevNode): { updated: boolean; ok: boolean; found: boolean } {
    const ids = [...n.hardwareIds, ...n.compatibleIds];
    const verOf = (p: DriverPackage) => { const [d = '', v = ''] = p.driverVer.split(','); const [mm = 0, dd = 0, yy = 0] = d.split('/').map(Number); return [yy, mm, dd, ...v.split('.').map(Number)]; };
    const score = (p: DriverPackage) => { const i = ids.findIndex((h) => this.findModel(p.inf, h)); return i < 0 ? undefined : { p, i, ver: verOf(p) }; };
    const better = (a: { i: number; ver: number[] }, b: { i: number; ver: number[] }) => {
      if (a.i !== b.i) return a.i < b.i;
      for (let k = 0; k < Math.max(a.ver.length, b.ver.length); k++) if ((a.ver[k] ?? 0) !== (b.ver[k] ?? 0)) return (a.ver[k] ?? 0) > (b.ver[k] ?? 0);
      return false;
    };
    const candidates = this.packages.filter((p) => !isExtension(p)).map(score).filter((c): c is NonNullable<typeof c> => !!c);
    const best = candidates.reduce<(typeof candidates)[number] | undefined>((x, c) => (!x || better(c, x) ? c : x), undefined);
    const current = candidates.find((c) => this.usesPackage(n, c.p));
    if (!best) return { updated: false, ok: !!current, found: !!current };
    if (current && (best.p === current.p || !better(best, current))) return { updated: false, ok: true, found: true };
    this.m.stopStack(n);
    const r = this.installOn(n, best.p, this.findModel(best.p.inf, ids[best.i]!)!, `Device Install (DiInstallDevice) - ${n.instanceId}`);
    return { updated: r.ok, ok: r.ok, found: true };
  }

  /** pnputil /add-driver /install: the package's driver on every present device one of its models matches. */
  installOnMatching(pkg: DriverPackage): { node: DevNode; ok: boolean }[] {
    const done: { node: DevNode; ok: boolean }[] = [];
    if (isExtension(pkg)) {
      // An extension goes onto devices that have their base driver; each restarts with it.
      for (const n of this.m.list()) {
        if (n === this.m.root || n.builtIn) continue;
        const model = [...n.hardwareIds, ...n.compatibleIds].map((h) => this.findModel(pkg.inf, h)).find(Boolean);
        if (!model) continue;
        const log = this.log.section(`Device Install (DiInstallDevice) - ${n.instanceId}`);
        this.m.stopStack(n);
        const ok = this.applyExtension(n, pkg, model, log);
        if (ok) this.m.startDevice(n);
        log.end(ok ? 'SUCCESS' : 'FAILURE(0x00000002)');
        done.push({ node: n, ok });
      }
      return done;
    }
    for (const n of this.m.list()) {
      if (n === this.m.root || n.builtIn) continue;
      const id = [...n.hardwareIds, ...n.compatibleIds].find((h) => this.findModel(pkg.inf, h));
      if (!id) continue;
      this.m.stopStack(n);
      done.push({ node: n, ok: this.installOn(n, pkg, this.findModel(pkg.inf, id)!, `Device Install (DiInstallDevice) - ${n.instanceId}`).ok });
    }
    return done;
  }

  private installOn(node: DevNode, pkg: DriverPackage, model: { description: string; install: string; ids: string[] }, title: string): { ok: boolean; error?: string } {
    const log = this.log.section(title);
    const inf = pkg.inf;
    log.write('ndv', `INF path:          ${pkg.storeDir}\\${pkg.originalName}`);
    log.write('dvi', `Device instance:   ${node.instanceId}`);
    const section = this.ddInstall(inf, model.install);
    log.write('dvi', `Selected driver: ${model.description} (${pkg.publishedName}, section ${section})`);
    const enumKey = this.m.enumKey(node, true)!;
    // The class key (ClassInstall32 creates a class Windows does not ship).
    const classKey = this.k.registry.create(`${CLASS_KEY}\\${pkg.classGuid}`);
    if (!classKey.value('Class')) classKey.setValue('Class', REG_SZ, pkg.className);
    for (const s of inf.lines('ClassInstall32', 'AddReg').flatMap((l) => l.values)) this.addReg(inf, s, classKey);
    // The driver key under the class, and the device's values.
    // A device keeps its driver key when its driver is updated (same class); a new device gets the next free one.
    const own = String(enumKey.value('Driver')?.data ?? '').toLowerCase();
    const kept = own.startsWith(`${pkg.classGuid}\\`) && this.k.registry.open(`${CLASS_KEY}\\${own}`) ? /\\(\d{4})$/.exec(own) : null;
    let inst = kept ? parseInt(kept[1]!, 10) : 0;
    if (!kept) while (this.k.registry.open(`${CLASS_KEY}\\${pkg.classGuid}\\${inst.toString().padStart(4, '0')}`)) inst++;
    const driverKey = this.k.registry.create(`${CLASS_KEY}\\${pkg.classGuid}\\${inst.toString().padStart(4, '0')}`);
    driverKey.setValue('InfPath', REG_SZ, pkg.publishedName);
    driverKey.setValue('InfSection', REG_SZ, section);
    driverKey.setValue('ProviderName', REG_SZ, pkg.provider);
    // The driver key keeps DriverVer's date as M-D-YYYY (DriverDate) and its version (DriverVersion).
    const [verDate = '', verVersion = ''] = pkg.driverVer.split(',');
    driverKey.setValue('DriverDate', REG_SZ, verDate.replace(/^0?(\d+)\/0?(\d+)\/(\d+)$/, '$1-$2-$3'));
    driverKey.setValue('DriverVersion', REG_SZ, verVersion);
    driverKey.setValue('DriverDesc', REG_SZ, model.description);
    enumKey.setValue('Driver', REG_SZ, `${pkg.classGuid}\\${inst.toString().padStart(4, '0')}`);
    enumKey.setValue('ClassGUID', REG_SZ, pkg.classGuid);
    enumKey.setValue('Class', REG_SZ, pkg.className);
    enumKey.setValue('DeviceDesc', REG_SZ, model.description);
    enumKey.setValue('Mfg', REG_SZ, pkg.provider);
    const error = this.runSections(node, pkg, section, driverKey, log, false);
    if (error) return { ok: false, error };
    // Extension INFs staged for this device add to what the base INF did (filters, settings), then it starts.
    for (const ext of this.packages.filter((p) => isExtension(p))) {
      const m = [...node.hardwareIds, ...node.compatibleIds].map((h) => this.findModel(ext.inf, h)).find(Boolean);
      if (m) this.applyExtension(node, ext, m, log);
    }
    log.write('dvi', `Install Device: Starting device '${node.instanceId}'.`);
    const problem = this.m.startDevice(node);
    if (problem) {
      log.write('dvi', `Device '${node.instanceId}' has problem: ${PROBLEMS[problem]?.name ?? problem} (0x${problem.toString(16).padStart(8, '0')}), problem status: 0x${(node.problemStatus >>> 0).toString(16).padStart(8, '0')}.`, true);
    } else {
      log.write('dvi', `Install Device: Starting device completed.`);
    }
    log.end('SUCCESS');
    return { ok: true };
  }

  /** The DDInstall section's directives on a device: CopyFiles, AddReg/.HW AddReg, .Services, .Wdf, the signing
   *  policy for its images. An error text when a file is missing. */
  private runSections(node: DevNode, pkg: DriverPackage, section: string, driverKey: RegKey, log: ReturnType<SetupLog['section']>, extension: boolean): string | undefined {
    const inf = pkg.inf;
    const enumKey = this.m.enumKey(node, true)!;
    // CopyFiles: DestinationDirs 13 is the driver store itself (run from there); 12 is System32\drivers.
    const destFor = (list: string) => {
      const d = inf.value('DestinationDirs', list) ?? inf.value('DestinationDirs', 'DefaultDestDir') ?? '12';
      return d.trim() === '13' ? pkg.storeDir : '\\SystemRoot\\System32\\drivers';
    };
    for (const list of inf.lines(section, 'CopyFiles').flatMap((l) => l.values)) {
      const names = list.startsWith('@') ? [list.slice(1)] : (inf.section(list)?.entries ?? []).map((e) => e.key ?? e.values[0]!);
      for (const name of names) {
        const b = pkg.files[name];
        if (!b) { log.write('flq', `Source file '${name}' not found in the package.`, true); log.end('FAILURE(0x00000002)'); return 'The system cannot find the file specified.'; }
        const to = `${destFor(list)}\\${name}`;
        this.write(to, b);
        log.write('flq', `Copying '${pkg.storeDir}\\${name}' to '${to}'.`);
      }
    }
    // AddReg/DelReg of the DDInstall (HKR = the driver key) and .HW (HKR = the device's hardware key,
    // Enum\<instance>\Device Parameters; the device properties among its values are the devnode's own).
    const hardwareKey = this.k.registry.create(`${enumKey.path}\\Device Parameters`);
    const devnodeValue = (name: string) => (DEVNODE_VALUES.includes(name.toLowerCase()) ? enumKey : undefined);
    // Setup runs a section's DelReg directives before its AddReg ones.
    for (const s of inf.lines(section, 'DelReg').flatMap((l) => l.values)) this.delReg(inf, s, driverKey);
    for (const s of inf.lines(section, 'AddReg').flatMap((l) => l.values)) this.addReg(inf, s, driverKey);
    for (const s of inf.lines(`${section}.HW`, 'DelReg').flatMap((l) => l.values)) this.delReg(inf, s, hardwareKey);
    for (const hw of this.withNeeds(inf, `${section}.HW`)) {
      for (const s of hw.inf.lines(hw.section, 'AddReg').flatMap((l) => l.values)) this.addReg(hw.inf, s, hardwareKey, devnodeValue);
    }
    // Services.
    let service: string | undefined;
    for (const sv of this.withNeeds(inf, `${section}.Services`)) {
      for (const l of sv.inf.lines(sv.section, 'AddService')) {
        const [name, flags, installSection] = l.values;
        if (!name) continue;
        if (installSection) this.addService(sv.inf, name, installSection, pkg, log);
        if ((parseInt(flags ?? '0') & 0x2) !== 0) service = name;
      }
    }
    // Only the base INF names the function driver; an extension's services are filters or helpers.
    if (!extension) { if (service) enumKey.setValue('Service', REG_SZ, service); else enumKey.deleteValue('Service'); }
    // KMDF: the library version the driver was built against, under the service's Parameters\Wdf key.
    for (const l of inf.lines(`${section}.Wdf`, 'KmdfService')) {
      const [svc, wdfSection] = l.values;
      const v = wdfSection ? inf.value(wdfSection, 'KmdfLibraryVersion') : undefined;
      if (svc && v) this.k.registry.create(`${SERVICES_KEY}\\${svc}\\Parameters\\Wdf`).setValue('KmdfLibraryVersion', REG_SZ, v);
    }
    // UMDF: the device's UMDF services (the host loads them) and each one's DLL and framework version.
    for (const l of inf.lines(`${section}.Wdf`, 'UmdfService')) {
      const [svc, wdfSection] = l.values;
      if (!svc || !wdfSection) continue;
      const key = this.k.registry.create(`${WUDF_SERVICES_KEY}\\${svc}`);
      const binary = inf.value(wdfSection, 'ServiceBinary') ?? '';
      key.setValue('ImagePath', REG_SZ, binary.replace(/^%13%/, pkg.storeDir).replace(/^%12%/i, '\\SystemRoot\\System32\\drivers'));
      const v = inf.value(wdfSection, 'UmdfLibraryVersion');
      if (v) key.setValue('UmdfLibraryVersion', REG_SZ, v);
    }
    const umdf = inf.lines(`${section}.Wdf`, 'UmdfService').map((l) => l.values[0]).filter((x): x is string => !!x);
    if (umdf.length) {
      enumKey.setValue('UmdfService', REG_SZ, umdf[0]!);
      enumKey.setValue('UmdfServiceOrder', REG_MULTI_SZ, inf.lines(`${section}.Wdf`, 'UmdfServiceOrder').flatMap((l) => l.values));
    }
    // Code integrity: the images of a package whose signature the policy rejects will not load (Code 52).
    const rejected = !pkg.signed || (pkg.testSigned && !this.testSigning);
    for (const name of Object.keys(pkg.files).filter((f) => /\.sys$/i.test(f))) {
      for (const dir of [pkg.storeDir, '\\SystemRoot\\System32\\drivers']) {
        const p = `${dir}\\${name}`.toLowerCase();
        if (rejected) this.untrusted.add(p); else this.untrusted.delete(p);
      }
    }
    return undefined;
  }

  /** An extension INF (Class=Extension) on a device whose base driver is installed: its sections run on top. */
  private applyExtension(node: DevNode, pkg: DriverPackage, model: { description: string; install: string }, log: ReturnType<SetupLog['section']>): boolean {
    const driver = String(this.m.enumKey(node)?.value('Driver')?.data ?? '');
    if (!driver) return false;
    const section = this.ddInstall(pkg.inf, model.install);
    log.write('dvi', `Extension driver: ${model.description} (${pkg.publishedName}, section ${section})`);
    const driverKey = this.k.registry.create(`${CLASS_KEY}\\${driver}`);
    const error = this.runSections(node, pkg, section, driverKey, log, true);
    if (error) return false;
    const ext = driverKey.value('ExtensionInfs')?.data;
    const list = Array.isArray(ext) ? ext : [];
    if (!list.includes(pkg.publishedName)) driverKey.setValue('ExtensionInfs', REG_MULTI_SZ, [...list, pkg.publishedName]);
    return true;
  }

  /**
   * A section and the sections its `Include=`/`Needs=` lines pull in from in-box INFs (a UMDF package's
   * `Include=WUDFRD.inf`, `Needs=WUDFRD.NT.Services` installs the reflector as the device's service).
   */
  private withNeeds(inf: Inf, section: string): { inf: Inf; section: string }[] {
    const out = [{ inf, section }];
    const needs = inf.lines(section, 'Needs').flatMap((l) => l.values).map((n) => n.trim()).filter(Boolean);
    for (const name of inf.lines(section, 'Include').flatMap((l) => l.values).map((n) => n.trim()).filter(Boolean)) {
      const bytes = this.read(`\\SystemRoot\\INF\\${name}`);
      const text = bytes ? new TextDecoder().decode(bytes) : INBOX_INFS[name.toLowerCase()];
      if (!text) continue;
      const included = parseInf(text, { arch: ARCH });
      for (const n of needs) if (included.section(n)) out.push({ inf: included, section: n });
    }
    return out;
  }

  private addService(inf: Inf, name: string, section: string, pkg: DriverPackage, log: ReturnType<SetupLog['section']>): void {
    const v = (k: string) => inf.value(section, k);
    const key = this.k.registry.create(`${SERVICES_KEY}\\${name}`);
    const binary = (v('ServiceBinary') ?? `%12%\\${name}.sys`).replace(/%13%/g, pkg.storeDir).replace(/%12%/g, '\\SystemRoot\\System32\\drivers');
    key.setValue('Type', REG_DWORD, parseInt(v('ServiceType') ?? '1'));
    key.setValue('Start', REG_DWORD, parseInt(v('StartType') ?? '3'));
    key.setValue('ErrorControl', REG_DWORD, parseInt(v('ErrorControl') ?? '1'));
    key.setValue('ImagePath', REG_EXPAND_SZ, binary);
    key.setValue('DisplayName', REG_SZ, v('DisplayName') ?? name);
    if (v('LoadOrderGroup')) key.setValue('Group', REG_SZ, v('LoadOrderGroup')!);
    for (const s of inf.lines(section, 'AddReg').flatMap((l) => l.values)) this.addReg(inf, s, key);
    log.write('dvi', `Add Service: Created service '${name}'.`);
  }

  /**
   * AddReg lines: `HKR,[subkey],[value],[flags],[data...]`. Type from the flags (0 sz, 1 binary, 0x10000 multi-sz,
   * 0x10001 dword, 0x20000 expand-sz); 0x8 appends to a multi-sz, 0x2 keeps an existing value, 0x10 makes only the
   * key. `place` may send a value elsewhere (the device properties a .HW section names go to the devnode's key).
   */
  private addReg(inf: Inf, section: string, hkr: RegKey, place: (name: string) => RegKey | undefined = () => undefined): void {
    for (const e of inf.section(section)?.entries ?? []) {
      const [root, sub, name, flagText, ...data] = [e.key ?? e.values[0], ...(e.key ? e.values : e.values.slice(1))];
      if (!root || root.toUpperCase() !== 'HKR') continue;
      const flags = parseInt(flagText || '0');
      const valueName = name ?? '';
      const key = (!sub && place(valueName)) || (sub ? this.k.registry.create(`${hkr.path}\\${sub}`) : hkr);
      if (flags & 0x10) continue;
      if (flags & 0x2 && key.value(valueName)) continue;
      const kind = flags & 0xffff0001;
      if (kind === 0x10001) key.setValue(valueName, REG_DWORD, parseInt(data[0] ?? '0'));
      else if (kind === 0x10000) {
        const have = flags & 0x8 ? key.value(valueName)?.data : undefined;
        const old = Array.isArray(have) ? have : [];
        key.setValue(valueName, REG_MULTI_SZ, [...old, ...data.filter((d) => d && !old.some((o) => o.toLowerCase() === d.toLowerCase()))]);
      } else if (kind === 1) key.setValue(valueName, REG_BINARY, new Uint8Array(data.map((x) => parseInt(x, 16))));
      else key.setValue(valueName, kind === 0x20000 ? REG_EXPAND_SZ : REG_SZ, data[0] ?? '');
    }
  }

  private delReg(inf: Inf, section: string, hkr: RegKey): void {
    for (const e of inf.section(section)?.entries ?? []) {
      const [root, sub, name] = [e.key ?? e.values[0], ...(e.key ? e.values : e.values.slice(1))];
      if (!root || root.toUpperCase() !== 'HKR') continue;
      const key = sub ? this.k.registry.open(`${hkr.path}\\${sub}`) : hkr;
      if (key && name) key.deleteValue(name);
    }
  }

  // ---------------------------------------------------------------- devcon / pnputil queries and actions

  /** Devices matching a devcon ID pattern: a hardware ID, an instance ID prefixed with @, `*` wildcards. */
  find(pattern: string, setupClass?: string): DevNode[] {
    const instance = pattern.startsWith('@');
    const p = (instance ? pattern.slice(1) : pattern).toUpperCase();
    const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    // devcon's `=<class>`: only devices of that setup class (its name, as the Class value says it).
    const inClass = (n: DevNode) => !setupClass || String(this.m.enumKey(n)?.value('Class')?.data ?? n.builtIn?.className ?? '').toUpperCase() === setupClass.toUpperCase();
    return this.m.list().filter((n) => n !== this.m.root && inClass(n) && (instance ? re.test(n.instanceId.toUpperCase()) : [...n.hardwareIds, ...n.compatibleIds].some((h) => re.test(h.toUpperCase()))));
  }

  private describe(n: DevNode): string { return String(this.m.enumKey(n)?.value('DeviceDesc')?.data ?? n.builtIn?.description ?? ''); }

  /** devcon find: `ROOT\SAMPLE\0000    : KmdfHelloWorld Device` lines and the count. */
  findLines(pattern: string, setupClass?: string): string[] {
    const nodes = this.find(pattern, setupClass);
    return [...nodes.map((n) => `${n.instanceId.padEnd(52)}: ${this.describe(n)}`), `${nodes.length} matching device(s) found.`];
  }

  /** devcon status lines for matching devices. */
  status(pattern: string, setupClass?: string): string[] {
    const nodes = this.find(pattern, setupClass);
    const out: string[] = [];
    for (const n of nodes) {
      out.push(n.instanceId, `    Name: ${this.describe(n)}`);
      if (n.disabled) out.push('    Device is disabled.');
      else if (n.problem) out.push(`    The device has the following problem: ${n.problem}`);
      else if (n.started) out.push('    Driver is running.');
      else out.push('    Device is currently stopped.');
    }
    out.push(`${nodes.length} matching device(s) found.`);
    return out;
  }

  /** devcon hwids. */
  hwids(pattern: string, setupClass?: string): string[] {
    const nodes = this.find(pattern, setupClass);
    const out: string[] = [];
    for (const n of nodes) {
      out.push(n.instanceId, `    Name: ${this.describe(n)}`, '    Hardware IDs:', ...n.hardwareIds.map((h) => `        ${h}`));
      if (n.compatibleIds.length) out.push('    Compatible IDs:', ...n.compatibleIds.map((h) => `        ${h}`));
    }
    out.push(`${nodes.length} matching device(s) found.`);
    return out;
  }

  /** devcon stack: the setup class, the filters (the device's and its class's) and the controlling service. */
  stack(pattern: string, setupClass?: string): string[] {
    const nodes = this.find(pattern, setupClass);
    const out: string[] = [];
    const multi = (k: RegKey | undefined, name: string) => { const v = k?.value(name)?.data; return Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []; };
    for (const n of nodes) {
      const key = this.m.enumKey(n);
      const guid = String(key?.value('ClassGUID')?.data ?? n.builtIn?.classGuid ?? '');
      const cls = guid ? this.k.registry.open(`${CLASS_KEY}\\${guid}`) : undefined;
      const className = String(key?.value('Class')?.data ?? n.builtIn?.className ?? '');
      out.push(n.instanceId, `    Name: ${this.describe(n)}`);
      if (guid) out.push(`    Setup Class: ${guid.toUpperCase()} ${className}`);
      const group = (title: string, names: string[]) => { if (names.length) out.push(`    ${title}:`, ...names.map((x) => `        ${x}`)); };
      group('Upper filters', multi(key, 'UpperFilters'));
      group('Class upper filters', multi(cls, 'UpperFilters'));
      const service = String(key?.value('Service')?.data ?? n.builtIn?.service ?? '');
      if (service) group('Controlling service', [service]); else out.push('    Controlling service:', '        (none)');
      group('Lower filters', multi(key, 'LowerFilters'));
      group('Class lower filters', multi(cls, 'LowerFilters'));
    }
    out.push(`${nodes.length} matching device(s) found.`);
    return out;
  }

  private each(pattern: string, verb: string, fn: (n: DevNode) => boolean): SetupResult {
    const nodes = this.find(pattern);
    const lines: string[] = [];
    let done = 0;
    for (const n of nodes) {
      const ok = fn(n);
      if (ok) done++;
      lines.push(`${n.instanceId.padEnd(52)}: ${ok ? verb : `${verb.replace(/d$/, '')} failed`}`);
    }
    lines.push(`${done} device(s) ${verb === 'Removed' ? 'were removed' : verb === 'Disabled' ? 'disabled' : verb === 'Enabled' ? 'are enabled' : 'restarted'}.`);
    return { ok: done === nodes.length && nodes.length > 0, lines };
  }

  /** devcon remove. */
  removeDevice(pattern: string): SetupResult { return this.each(pattern, 'Removed', (n) => this.m.removeDevice(n)); }
  /** devcon disable / enable / restart. */
  disable(pattern: string): SetupResult { return this.each(pattern, 'Disabled', (n) => this.m.disableDevice(n)); }
  enable(pattern: string): SetupResult { return this.each(pattern, 'Enabled', (n) => { this.m.enableDevice(n); return !n.disabled; }); }
  /** devcon restart, one device after the other; later when a restart has to wait (see PnpManager.restartDevice). */
  restart(pattern: string): SetupResult | Promise<SetupResult> {
    const nodes = this.find(pattern);
    return thenMaybe(inTurn(nodes, (n) => this.m.restartDevice(n)), (codes) => this.each(pattern, 'Restarted', (n) => codes[nodes.indexOf(n)]! >= 0));
  }

  /** pnputil /enum-drivers. */
  enumDrivers(): string[] {
    const out = ['Microsoft PnP Utility', ''];
    for (const p of this.packages) {
      const [date, ver] = p.driverVer.split(',').map((s) => s.trim());
      out.push(`Published Name:     ${p.publishedName}`, `Original Name:      ${p.originalName}`, `Provider Name:      ${p.provider}`,
        `Class Name:         ${String(this.k.registry.open(`${CLASS_KEY}\\${p.classGuid}`)?.value('')?.data ?? p.className)}`,
        `Class GUID:         ${p.classGuid}`, `Driver Version:     ${date ?? ''} ${ver ?? ''}`.trimEnd(),
        `Signer Name:        ${p.signed ? p.signer : ''}`, '');
    }
    return out;
  }

  /** pnputil /delete-driver oemN.inf [/uninstall] [/force]. */
  deleteDriver(publishedName: string, o: { uninstall?: boolean; force?: boolean } = {}): SetupResult {
    const i = this.packages.findIndex((p) => p.publishedName.toLowerCase() === publishedName.toLowerCase());
    if (i < 0) return { ok: false, lines: ['Microsoft PnP Utility', '', 'Failed to delete driver package: The system cannot find the file specified.'] };
    const pkg = this.packages[i]!;
    const users = this.m.list().filter((n) => this.usesPackage(n, pkg));
    if (users.length && !o.uninstall && !o.force) return { ok: false, lines: ['Microsoft PnP Utility', '', 'Failed to delete driver package: One or more devices are presently installed using the specified INF.'] };
    for (const n of users) this.m.removeDevice(n, { uninstall: true });
    // Non-present devices installed with it are uninstalled too (their keys would name a driver that is gone).
    for (const id of this.m.nonPresent()) if (this.keyUsesPackage(this.k.registry.open(`${ENUM_KEY}\\${id}`), pkg)) this.m.forgetDevice(id);
    this.packages.splice(i, 1);
    for (const name of Object.keys(pkg.files)) this.written.delete(`${pkg.storeDir}\\${name}`.toLowerCase());
    this.written.delete(`${INF_DIR}\\${pkg.publishedName}`.toLowerCase());
    const log = this.log.section(`Delete Driver Package - ${pkg.publishedName}`);
    log.write('sto', `Deleted driver store entry '${pkg.storeDir}'.`);
    log.end('SUCCESS');
    return { ok: true, lines: ['Microsoft PnP Utility', '', 'Driver package deleted successfully.'] };
  }

  private usesPackage(n: DevNode, pkg: DriverPackage): boolean { return this.keyUsesPackage(this.m.enumKey(n), pkg); }

  private keyUsesPackage(enumKey: RegKey | undefined, pkg: DriverPackage): boolean {
    const drv = String(enumKey?.value('Driver')?.data ?? '');
    if (!drv) return false;
    return String(this.k.registry.open(`${CLASS_KEY}\\${drv}`)?.value('InfPath')?.data ?? '').toLowerCase() === pkg.publishedName;
  }
}

const engines = new WeakMap<Kernel, SetupEngine>();

/** The target's setup engine (SetupAPI + driver store) of a kernel. */
export function setup(k: Kernel): SetupEngine {
  let e = engines.get(k);
  if (!e) { e = new SetupEngine(k); engines.set(k, e); }
  return e;
}
