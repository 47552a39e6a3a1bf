// What a lab file (labs/<id>/lab.json) holds, and its validator. A lab is data: steps with instructions in
// Markdown, a declarative check evaluated against the machines' real state, a hint and the answer. A bad lab
// file is refused with the path of the first bad field, so an author sees exactly what to fix.

/** Every kind of check a step may use (checks.ts evaluates each against the engine, debugger and build). */
export const CHECK_KINDS = [
  'build-succeeded', 'file-exists', 'devnode-status', 'service-state', 'process-running', 'bcd', 'firmware',
  'machine-state', 'ping', 'kd-connected', 'kd-output-contains', 'transcript-contains', 'bugcheck', 'all',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export type DevnodeStatus = 'started' | 'disabled' | 'problem' | 'stopped' | 'absent';
export type ConsoleName = string;

export type Check =
  /** The project's last build left its image (and, for drivers, its package) newer than every source file. */
  | { kind: 'build-succeeded'; project: string; configuration?: 'Debug' | 'Release' }
  /** A file on a target's disk, or on the host in the lab's work folder (target "host"). */
  | { kind: 'file-exists'; target: string; path: string; contains?: string }
  /** The device with this hardware ID, as devcon status reports it on the target. */
  | { kind: 'devnode-status'; target: string; hwid: string; status: DevnodeStatus }
  /** `sc query` on the target: RUNNING, STOPPED, or absent (the service does not exist). */
  | { kind: 'service-state'; target: string; service: string; state: 'RUNNING' | 'STOPPED' | 'absent' }
  /** An image name in the target's tasklist (e.g. WUDFHost.exe). */
  | { kind: 'process-running'; target: string; image: string }
  /** A boot configuration value (`bcdedit` / `bcdedit /dbgsettings` element name, case-insensitive). */
  | { kind: 'bcd'; target: string; key: string; value: string | number | boolean }
  | { kind: 'firmware'; target: string; setting: 'secureBoot'; value: boolean }
  | { kind: 'machine-state'; target: string; state: 'off' | 'booting' | 'running' | 'bugchecked' | 'broken-in' }
  /** The host reaches the target by name (`ping NAME`). */
  | { kind: 'ping'; from: string; to: string }
  | { kind: 'kd-connected'; state?: 'broken' | 'running' }
  /** Text the debugger printed (connect banner, command output or asynchronous output such as DbgPrint). */
  | { kind: 'kd-output-contains'; text: string }
  /** Text a console printed during this lab (host, a target by name, or kd). */
  | { kind: 'transcript-contains'; console: ConsoleName; text: string }
  /** The target stopped with this bugcheck code, or with any (its blue screen, or the debugger's Fatal System Error). */
  | { kind: 'bugcheck'; target: string; code?: string }
  | { kind: 'all'; checks: Check[] };

export interface LabStep {
  id: string;
  title: string;
  /** Markdown, in our words. */
  instructions: string;
  check: Check;
  hint: string;
  /** What to do, in full: Markdown, plus files the learner would type (lab-relative path → work-folder path), or
   *  the one line to change in a work-folder file (the line starting with `linePrefix` becomes `line`). */
  answer: { text: string; files?: Record<string, string>; edit?: LineEdit };
}

/**
 * A driver a start snapshot has installed after provisioning, as the learner's lines do: `host> build <project>`,
 * `host> deploy <project> <target> --copy-only`, then at the target `cd C:\DriverTest\Drivers` and
 * `devcon install <inf> <hwid>`. `project` is the work-folder name `sample` is copied to (lab.starter.samples).
 */
export interface InstalledDriver { project: string; sample: string; inf: string; hwid: string }

/** One line changed in a work-folder file: the line that starts with `linePrefix` is replaced by `line`. */
export interface LineEdit { file: string; linePrefix: string; line: string }

export interface Lab {
  id: string;
  title: string;
  /** The seed document (and section) this lab follows. */
  seed: string;
  goal: string;
  /** Folder (lab-relative) copied into the learner's work folder at the start, or a New Project template. */
  starter?: { files?: string; template?: { id: string; name: string }; samples?: Record<string, string> };
  /** A lab that begins from a prepared lab state ("already provisioned"): what that state is. */
  startSnapshot?: { description: string; target: string; provisioned?: boolean; debugger?: 'net' | 'serial'; port?: number; key?: string; installed?: InstalledDriver };
  steps: LabStep[];
}

export class LabFileError extends Error {
  constructor(readonly file: string, readonly where: string, message: string) {
    super(`${file}: ${where ? `${where}: ` : ''}${message}`);
    this.name = 'LabFileError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

class V {
  constructor(private readonly file: string) {}
  fail(where: string, msg: string): never { throw new LabFileError(this.file, where, msg); }
  obj(v: unknown, where: string): Obj { if (!isObj(v)) this.fail(where, 'must be an object'); return v; }
  str(o: Obj, k: string, where: string, opt = false): string | undefined {
    const v = o[k];
    if (v === undefined && opt) return undefined;
    if (typeof v !== 'string' || !v.trim()) this.fail(`${where}.${k}`, v === undefined ? 'is missing' : 'must be a non-empty string');
    return v;
  }
  bool(o: Obj, k: string, where: string, opt = false): boolean | undefined {
    const v = o[k];
    if (v === undefined && opt) return undefined;
    if (typeof v !== 'boolean') this.fail(`${where}.${k}`, v === undefined ? 'is missing' : 'must be true or false');
    return v;
  }
  oneOf<T extends string>(o: Obj, k: string, where: string, allowed: readonly T[], opt = false): T | undefined {
    const v = this.str(o, k, where, opt);
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T)) this.fail(`${where}.${k}`, `"${v}" is not one of ${allowed.join(', ')}`);
    return v as T;
  }
  only(o: Obj, keys: string[], where: string): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.fail(`${where}.${k}`, `is not a known field (known: ${keys.join(', ')})`);
  }
}

function check(v: V, raw: unknown, where: string): Check {
  const o = v.obj(raw, where);
  const kind = v.oneOf(o, 'kind', where, CHECK_KINDS)!;
  const fields = (...ks: string[]) => v.only(o, ['kind', ...ks], where);
  switch (kind) {
    case 'build-succeeded':
      fields('project', 'configuration');
      return { kind, project: v.str(o, 'project', where)!, configuration: v.oneOf(o, 'configuration', where, ['Debug', 'Release'] as const, true) };
    case 'file-exists':
      fields('target', 'path', 'contains');
      return { kind, target: v.str(o, 'target', where)!, path: v.str(o, 'path', where)!, contains: v.str(o, 'contains', where, true) };
    case 'devnode-status':
      fields('target', 'hwid', 'status');
      return { kind, target: v.str(o, 'target', where)!, hwid: v.str(o, 'hwid', where)!, status: v.oneOf(o, 'status', where, ['started', 'disabled', 'problem', 'stopped', 'absent'] as const)! };
    case 'service-state':
      fields('target', 'service', 'state');
      return { kind, target: v.str(o, 'target', where)!, service: v.str(o, 'service', where)!, state: v.oneOf(o, 'state', where, ['RUNNING', 'STOPPED', 'absent'] as const)! };
    case 'process-running':
      fields('target', 'image');
      return { kind, target: v.str(o, 'target', where)!, image: v.str(o, 'image', where)! };
    case 'bcd': {
      fields('target', 'key', 'value');
      const value = o['value'];
      if (!['string', 'number', 'boolean'].includes(typeof value)) v.fail(`${where}.value`, 'must be a string, number or boolean');
      return { kind, target: v.str(o, 'target', where)!, key: v.str(o, 'key', where)!, value: value as string | number | boolean };
    }
    case 'firmware':
      fields('target', 'setting', 'value');
      return { kind, target: v.str(o, 'target', where)!, setting: v.oneOf(o, 'setting', where, ['secureBoot'] as const)!, value: v.bool(o, 'value', where)! };
    case 'machine-state':
      fields('target', 'state');
      return { kind, target: v.str(o, 'target', where)!, state: v.oneOf(o, 'state', where, ['off', 'booting', 'running', 'bugchecked', 'broken-in'] as const)! };
    case 'ping':
      fields('from', 'to');
      return { kind, from: v.str(o, 'from', where)!, to: v.str(o, 'to', where)! };
    case 'kd-connected':
      fields('state');
      return { kind, state: v.oneOf(o, 'state', where, ['broken', 'running'] as const, true) };
    case 'kd-output-contains':
      fields('text');
      return { kind, text: v.str(o, 'text', where)! };
    case 'transcript-contains':
      fields('console', 'text');
      return { kind, console: v.str(o, 'console', where)!, text: v.str(o, 'text', where)! };
    case 'bugcheck': {
      fields('target', 'code');
      const code = v.str(o, 'code', where, true);
      if (code !== undefined && !/^0x[0-9a-f]{1,8}$/i.test(code)) v.fail(`${where}.code`, `"${code}" is not a bugcheck code (write it as 0xD1)`);
      return { kind, target: v.str(o, 'target', where)!, ...(code ? { code } : {}) };
    }
    case 'all': {
      fields('checks');
      const list = o['checks'];
      if (!Array.isArray(list) || !list.length) v.fail(`${where}.checks`, 'must be a non-empty list of checks');
      return { kind, checks: list.map((c, i) => check(v, c, `${where}.checks[${i}]`)) };
    }
  }
}

function step(v: V, raw: unknown, where: string): LabStep {
  const o = v.obj(raw, where);
  v.only(o, ['id', 'title', 'instructions', 'check', 'hint', 'answer'], where);
  const id = v.str(o, 'id', where)!;
  if (!ID_RE.test(id)) v.fail(`${where}.id`, `"${id}" must be lower-case letters, digits and hyphens`);
  const a = v.obj(o['answer'], `${where}.answer`);
  v.only(a, ['text', 'files', 'edit'], `${where}.answer`);
  let files: Record<string, string> | undefined;
  if (a['files'] !== undefined) {
    const f = v.obj(a['files'], `${where}.answer.files`);
    files = {};
    for (const [from, to] of Object.entries(f)) {
      // A lab file, another lab's (../<lab>/...) or one of our samples' files (kernel/test/drivers|programs/<Name>/<file>,
      // when the answer is that sample): never anywhere else, never outside the work folder.
      const sample = /^kernel\/test\/(drivers|programs)\/\w+\/[\w.-]+$/.test(from);
      if (typeof to !== 'string' || !to || to.includes('..') || !sample && (!/^(\.\.\/[a-z0-9-]+\/)?[\w.-]+(\/[\w.-]+)*$/.test(from) || from.replace(/^\.\.\//, '').split('/').some((p) => p === '..' || p === '.'))) v.fail(`${where}.answer.files.${from}`, 'must map a lab file (or ../<lab>/<file>, or kernel/test/drivers|programs/<Name>/<file>) to a work-folder path (no "..")');
      files[from] = to;
    }
  }
  let edit: LineEdit | undefined;
  if (a['edit'] !== undefined) {
    const e = v.obj(a['edit'], `${where}.answer.edit`);
    v.only(e, ['file', 'linePrefix', 'line'], `${where}.answer.edit`);
    edit = { file: v.str(e, 'file', `${where}.answer.edit`)!, linePrefix: v.str(e, 'linePrefix', `${where}.answer.edit`)!, line: v.str(e, 'line', `${where}.answer.edit`)! };
    if (edit.file.includes('..') || !edit.line.startsWith(edit.linePrefix)) v.fail(`${where}.answer.edit`, 'must name a work-folder file (no "..") and a line that starts with linePrefix');
  }
  return {
    id, title: v.str(o, 'title', where)!, instructions: v.str(o, 'instructions', where)!,
    check: check(v, o['check'], `${where}.check`), hint: v.str(o, 'hint', where)!,
    answer: { text: v.str(a, 'text', `${where}.answer`)!, ...(files ? { files } : {}), ...(edit ? { edit } : {}) },
  };
}

/** A start snapshot's installed driver: one of our driver samples, its INF and the hardware ID devcon installs. */
function installed(v: V, raw: unknown, provisioned: boolean): InstalledDriver {
  const where = 'lab.startSnapshot.installed';
  const o = v.obj(raw, where);
  v.only(o, ['project', 'sample', 'inf', 'hwid'], where);
  // Deploying needs the test agent and test signing, which provisioning sets up.
  if (!provisioned) v.fail(where, 'needs "provisioned": true (the driver is deployed through the test agent provisioning installs)');
  const project = v.str(o, 'project', where)!;
  if (!/^[\w-]+(\/[\w-]+)?$/.test(project)) v.fail(`${where}.project`, `"${project}" must be a work-folder name (or folder/name), as in lab.starter.samples`);
  const sample = v.str(o, 'sample', where)!;
  if (!/^(kernel\/test\/drivers|labs\/[a-z0-9-]+\/starter)\/\w+$/.test(sample)) v.fail(`${where}.sample`, `"${sample}" must be one of our driver samples (kernel/test/drivers/<Name> or labs/<id>/starter/<Name>)`);
  const inf = v.str(o, 'inf', where)!;
  if (!/^[\w-]+\.inf$/i.test(inf)) v.fail(`${where}.inf`, `"${inf}" must be the package's INF file name (name.inf)`);
  const hwid = v.str(o, 'hwid', where)!;
  if (!/^[\w&-]+(\\[\w&-]+)+$/.test(hwid)) v.fail(`${where}.hwid`, `"${hwid}" must be a hardware ID such as root\\ECHO (enumerator\\id, no spaces)`);
  return { project, sample, inf, hwid };
}

/** Validate parsed JSON as a lab; throws LabFileError naming the file and the first bad field. */
export function validateLab(raw: unknown, file = 'lab.json'): Lab {
  const v = new V(file);
  const o = v.obj(raw, '');
  v.only(o, ['id', 'title', 'seed', 'goal', 'starter', 'startSnapshot', 'steps'], 'lab');
  const id = v.str(o, 'id', 'lab')!;
  if (!ID_RE.test(id)) v.fail('lab.id', `"${id}" must be lower-case letters, digits and hyphens`);
  let starter: Lab['starter'];
  if (o['starter'] !== undefined) {
    const s = v.obj(o['starter'], 'lab.starter');
    v.only(s, ['files', 'template', 'samples'], 'lab.starter');
    let samples: Record<string, string> | undefined;
    if (s['samples'] !== undefined) {
      const m = v.obj(s['samples'], 'lab.starter.samples');
      samples = {};
      for (const [to, from] of Object.entries(m)) {
        if (typeof from !== 'string' || !/^(kernel\/test\/(drivers|programs)|labs\/[a-z0-9-]+\/starter)\/\w+$/.test(from) || !/^[\w-]+(\/[\w-]+)?$/.test(to)) v.fail(`lab.starter.samples.${to}`, 'must map a work-folder name (or folder/name) to one of our samples (kernel/test/drivers/<Name>, kernel/test/programs/<name>, or another lab\'s labs/<id>/starter/<Name>)');
        samples[to] = from as string;
      }
    }
    let template: { id: string; name: string } | undefined;
    if (s['template'] !== undefined) {
      const t = v.obj(s['template'], 'lab.starter.template');
      v.only(t, ['id', 'name'], 'lab.starter.template');
      template = { id: v.str(t, 'id', 'lab.starter.template')!, name: v.str(t, 'name', 'lab.starter.template')! };
    }
    starter = { files: v.str(s, 'files', 'lab.starter', true), ...(template ? { template } : {}), ...(samples ? { samples } : {}) };
  }
  let startSnapshot: Lab['startSnapshot'];
  if (o['startSnapshot'] !== undefined) {
    const s = v.obj(o['startSnapshot'], 'lab.startSnapshot');
    v.only(s, ['description', 'target', 'provisioned', 'debugger', 'port', 'key', 'installed'], 'lab.startSnapshot');
    startSnapshot = {
      description: v.str(s, 'description', 'lab.startSnapshot')!, target: v.str(s, 'target', 'lab.startSnapshot')!,
      provisioned: v.bool(s, 'provisioned', 'lab.startSnapshot', true),
      debugger: v.oneOf(s, 'debugger', 'lab.startSnapshot', ['net', 'serial'] as const, true),
    };
    // Network debugging names its port and key (the learner types them into windbg -k net:...).
    if (startSnapshot.provisioned && startSnapshot.debugger !== 'serial') {
      const port = s['port'];
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 49152 || port > 65535) v.fail('lab.startSnapshot.port', 'must be the KDNET port, a whole number from 49152 to 65535');
      const key = v.str(s, 'key', 'lab.startSnapshot')!;
      if (!/^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+$/.test(key)) v.fail('lab.startSnapshot.key', `"${key}" is not a KDNET key (four dot-separated parts of 0-9 and a-z)`);
      Object.assign(startSnapshot, { port, key });
    }
    if (s['installed'] !== undefined) startSnapshot.installed = installed(v, s['installed'], startSnapshot.provisioned === true);
  }
  const steps: unknown = o['steps'];
  if (!Array.isArray(steps) || !steps.length) v.fail('lab.steps', 'must be a non-empty list of steps');
  const parsed = (steps as unknown[]).map((s, i) => step(v, s, `lab.steps[${i}]`));
  const seen = new Set<string>();
  parsed.forEach((s: LabStep, i: number) => { if (seen.has(s.id)) v.fail(`lab.steps[${i}].id`, `"${s.id}" is used by an earlier step`); seen.add(s.id); });
  return {
    id, title: v.str(o, 'title', 'lab')!, seed: v.str(o, 'seed', 'lab')!, goal: v.str(o, 'goal', 'lab')!,
    ...(starter ? { starter } : {}), ...(startSnapshot ? { startSnapshot } : {}), steps: parsed,
  };
}
