// Read a Visual Studio driver or application project (.vcxproj) for the settings our build honours.
import { parseXml, type XmlElement } from './xml.ts';
import path from 'node:path';
import type { Configuration, ImageKind } from './clang.ts';

export interface VcxProject {
  projectName: string;
  targetName: string;
  kind: ImageKind;
  clCompile: string[];      // paths as written (relative to the project dir)
  clInclude: string[];
  inf: string[];            // Inf items (.inf or .inx)
  defines: string[];
  includeDirs: string[];    // relative or absolute, $(IntDir) expanded to the intermediate folder
  kmdfVersion?: string;     // e.g. 1.15
  umdfVersion?: string;     // e.g. 2.15
  wpp: { enabled: boolean; scanConfig?: string; kernelMode?: boolean };
  treatWarningAsError?: boolean;
  driverTargetPlatform?: string;
  /** Linker > Input: Additional Dependencies (.lib paths as written) and the Module Definition File (.def). */
  additionalDependencies: string[];
  moduleDefinitionFile?: string;
  /** ProjectReference items: projects built first whose import libraries are linked (paths as written). */
  projectReferences: string[];
}

/** MSBuild's `Condition` for the simple shapes VS writes: 'a'=='b', 'a'!='b', joined with and/or. */
function condition(cond: string | undefined, props: Record<string, string>): boolean {
  if (!cond) return true;
  const expanded = expand(cond, props);
  return expanded.split(/\s+or\s+/i).some((alt) => alt.split(/\s+and\s+/i).every((term) => {
    const m = /^\s*'([^']*)'\s*(==|!=)\s*'([^']*)'\s*$/.exec(term.replace(/^\s*\(|\)\s*$/g, ''));
    if (!m) return true;
    const eq = m[1].toLowerCase() === m[3].toLowerCase();
    return m[2] === '==' ? eq : !eq;
  }));
}

function expand(s: string, props: Record<string, string>): string {
  return s.replace(/\$\(([\w.]+)\)/g, (all, n: string) => props[n.toLowerCase()] ?? '');
}

const kids = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);

export function readVcxproj(file: string, text: string, config: Configuration, platform = 'x64'): VcxProject {
  const root = parseXml(text);
  const projectName = path.basename(file).replace(/\.vcxproj$/i, '');
  const projectDir = path.dirname(file);
  const props: Record<string, string> = {
    configuration: config, platform, projectname: projectName, msbuildprojectname: projectName,
    projectdir: projectDir + path.sep, msbuildprojectdirectory: projectDir, solutiondir: projectDir + path.sep,
    intdir: path.join(projectDir, platform, config) + path.sep, outdir: path.join(projectDir, platform, config) + path.sep,
  };
  const cl: Record<string, string> = {};
  const link: Record<string, string> = {};
  const items: Record<string, { include: string; meta: Record<string, string> }[]> = {};
  for (const g of root.children) {
    if (!condition(g.attrs.Condition, props)) continue;
    if (g.name === 'PropertyGroup') {
      for (const p of g.children) if (condition(p.attrs.Condition, props)) props[p.name.toLowerCase()] = expand(p.text.trim(), props);
    } else if (g.name === 'ItemDefinitionGroup') {
      for (const [tool, into] of [['ClCompile', cl], ['Link', link]] as const) for (const c of kids(g, tool)) for (const p of c.children) {
        if (!condition(p.attrs.Condition, props)) continue;
        const prev = into[p.name.toLowerCase()] ?? '';
        into[p.name.toLowerCase()] = expand(p.text.trim(), props).replace(new RegExp(`%\\(${p.name}\\)`, 'gi'), prev);
      }
    } else if (g.name === 'ItemGroup') {
      for (const it of g.children) {
        if (!it.attrs.Include || !condition(it.attrs.Condition, props)) continue;
        const meta: Record<string, string> = {};
        for (const m of it.children) if (condition(m.attrs.Condition, props)) meta[m.name.toLowerCase()] = m.text.trim();
        if (meta.excludedfrombuild?.toLowerCase() === 'true') continue;
        for (const inc of expand(it.attrs.Include, props).split(';').filter(Boolean)) (items[it.name.toLowerCase()] ??= []).push({ include: inc, meta });
      }
    }
  }
  const list = (v: string | undefined) => (v ?? '').split(';').map((s) => s.trim()).filter((s) => s && !/%\(/.test(s));
  const type = (props.configurationtype ?? '').toLowerCase();
  const driverType = (props.drivertype ?? '').toUpperCase();
  const kind: ImageKind = type === 'application' ? 'exe'
    : type === 'dynamiclibrary' ? (driverType === 'UMDF' ? 'umdf' : 'dll')
    : driverType === 'UMDF' ? 'umdf' : driverType === 'WDM' ? 'wdm' : 'kmdf';
  const ver = (maj?: string, min?: string) => (maj ? `${maj}.${min ?? '0'}` : undefined);
  const bool = (v: string | undefined) => (v === undefined ? undefined : v.toLowerCase() === 'true');
  return {
    projectName, kind,
    targetName: props.targetname || projectName,
    clCompile: (items.clcompile ?? []).map((i) => i.include),
    clInclude: (items.clinclude ?? []).map((i) => i.include),
    inf: (items.inf ?? []).map((i) => i.include),
    defines: list(cl.preprocessordefinitions),
    includeDirs: list(cl.additionalincludedirectories),
    kmdfVersion: ver(props.kmdf_version_major, props.kmdf_version_minor),
    umdfVersion: ver(props.umdf_version_major, props.umdf_version_minor),
    wpp: { enabled: bool(cl.wppenabled) ?? false, scanConfig: cl.wppscanconfigurationdata || undefined, kernelMode: bool(cl.wppkernelmode) },
    treatWarningAsError: bool(cl.treatwarningaserror),
    driverTargetPlatform: props.drivertargetplatform,
    additionalDependencies: list(link.additionaldependencies),
    moduleDefinitionFile: link.moduledefinitionfile || undefined,
    projectReferences: (items.projectreference ?? []).map((i) => i.include),
  };
}
