// The learner's workspace on disk: one folder per solution/project (Name/Name.sln, Name/Name.vcxproj and its
// files). Every path a request names is confined to its project folder; every save is atomic (temp + rename).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ApiError, type Filter, type ProjectProperties, type ProjectTree } from '../contract.ts';
import { defaultProperties, itemTypeFor, kindOf, readVcxproj, writeVcxproj, writeVcxprojUser, type ProjectModel } from './vcxproj.ts';
import { instantiate, type TemplateManifest } from './templates.ts';

/** --workspace <dir> wins, then DRIVERLAB_WORKSPACE, then ~/.driverlab/workspace. */
export function resolveWorkspace(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  const i = argv.indexOf('--workspace');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]!);
  const eq = argv.find((a) => a.startsWith('--workspace='));
  if (eq) return path.resolve(eq.slice('--workspace='.length));
  if (env.DRIVERLAB_WORKSPACE) return path.resolve(env.DRIVERLAB_WORKSPACE);
  return path.join(os.homedir(), '.driverlab', 'workspace');
}

export function atomicWrite(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function filterOf(file: string): Filter {
  switch (itemTypeFor(file)) {
    case 'ClCompile': return 'Source Files';
    case 'ClInclude': return 'Header Files';
    case 'Inf': case 'Inx': return 'Driver Files';
    case 'ResourceCompile': return 'Resource Files';
    default: return 'Other';
  }
}

function solutionText(name: string, guid: string): string {
  // The Visual C++ project type GUID is the fixed one every .sln uses for .vcxproj projects.
  const vcx = '{8BC9CEB8-8B4A-11D0-8D11-00A0C91BC942}';
  return [
    '', 'Microsoft Visual Studio Solution File, Format Version 12.00', '# Visual Studio Version 17',
    `Project("${vcx}") = "${name}", "${name}.vcxproj", "${guid}"`, 'EndProject', 'Global',
    '\tGlobalSection(SolutionConfigurationPlatforms) = preSolution',
    '\t\tDebug|x64 = Debug|x64', '\t\tRelease|x64 = Release|x64', '\tEndGlobalSection',
    '\tGlobalSection(ProjectConfigurationPlatforms) = postSolution',
    ...['Debug', 'Release'].flatMap((c) => [`\t\t${guid}.${c}|x64.ActiveCfg = ${c}|x64`, `\t\t${guid}.${c}|x64.Build.0 = ${c}|x64`,
      `\t\t${guid}.${c}|x64.Deploy.0 = ${c}|x64`]),
    '\tEndGlobalSection', 'EndGlobal', '',
  ].join('\r\n');
}

export class Workspace {
  constructor(readonly root: string) { mkdirSync(root, { recursive: true }); }

  projectDir(name: string): string { return path.join(this.root, name); }

  list(): string[] {
    return readdirSync(this.root).filter((n) => existsSync(path.join(this.root, n, `${n}.vcxproj`))).sort();
  }

  private model(name: string): ProjectModel {
    const dir = this.projectDir(name);
    const file = path.join(dir, `${name}.vcxproj`);
    if (!existsSync(file)) throw new ApiError('NOT_FOUND', `project ${name} not found`);
    const user = path.join(dir, `${name}.vcxproj.user`);
    return readVcxproj(name, readFileSync(file, 'utf8'), existsSync(user) ? readFileSync(user, 'utf8') : undefined);
  }

  private save(m: ProjectModel): void {
    const dir = this.projectDir(m.name);
    atomicWrite(path.join(dir, `${m.name}.vcxproj`), writeVcxproj(m));
    atomicWrite(path.join(dir, `${m.name}.vcxproj.user`), writeVcxprojUser(m.properties));
  }

  tree(name: string): ProjectTree {
    const m = this.model(name);
    return {
      name, dir: this.projectDir(name), kind: kindOf(m.properties),
      files: m.items.map((i) => ({ path: i.path, filter: filterOf(i.path) })),
    };
  }

  create(t: TemplateManifest, name: string): ProjectTree {
    const dir = this.projectDir(name);
    if (existsSync(dir)) throw new ApiError('ALREADY_EXISTS', `a project named ${name} already exists in ${this.root}`);
    const files = instantiate(t, name);
    const guid = `{${randomUUID().toUpperCase()}}`;
    const properties = { ...defaultProperties(t.kind, name), wppEnabled: t.wpp ?? false };
    for (const [rel, text] of files) atomicWrite(path.join(dir, rel), text);
    this.save({ name, guid, properties, items: [...files.keys()].map((p) => ({ itemType: itemTypeFor(p), path: p })) });
    atomicWrite(path.join(dir, `${name}.sln`), solutionText(name, guid));
    return this.tree(name);
  }

  /** A file of the project on disk, refusing anything that would leave the project folder. */
  resolve(name: string, rel: string): string {
    const dir = this.projectDir(name);
    const full = path.resolve(dir, rel);
    if (!full.startsWith(dir + path.sep)) throw new ApiError('BAD_PARAMS', `${rel} is outside the project`);
    return full;
  }

  read(name: string, rel: string): string {
    const full = this.resolve(name, rel);
    if (!existsSync(full) || !statSync(full).isFile()) throw new ApiError('NOT_FOUND', `${rel} not found in ${name}`);
    return readFileSync(full, 'utf8');
  }

  write(name: string, rel: string, text: string): void {
    this.model(name); // the project must exist
    atomicWrite(this.resolve(name, rel), text);
  }

  addItem(name: string, rel: string): ProjectTree {
    const m = this.model(name);
    const full = this.resolve(name, rel);
    if (m.items.some((i) => i.path.toLowerCase() === rel.toLowerCase()))
      throw new ApiError('ALREADY_EXISTS', `${rel} is already in ${name}`);
    if (!existsSync(full)) atomicWrite(full, '');
    m.items.push({ itemType: itemTypeFor(rel), path: rel });
    this.save(m);
    return this.tree(name);
  }

  properties(name: string): ProjectProperties { return this.model(name).properties; }

  setProperties(name: string, p: ProjectProperties): ProjectProperties {
    const m = this.model(name);
    this.save({ ...m, properties: p });
    return this.properties(name);
  }
}
