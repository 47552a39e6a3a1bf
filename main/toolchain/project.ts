// What to build in a project folder: from its .vcxproj when there is one, else from the files in the folder.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Configuration, ImageKind } from './clang.ts';
import { readVcxproj } from './vcxproj.ts';
import { KERNEL_LIBS } from './implib.ts';

export interface Project {
  dir: string;
  projectFile?: string;     // the .vcxproj, when the folder has one
  projectName: string;
  targetName: string;
  kind: ImageKind;
  sources: string[];        // absolute .c/.cpp paths
  headers: string[];        // absolute header paths the project lists or holds
  inf?: string;             // absolute .inf/.inx path
  defines: string[];
  includeDirs: string[];    // absolute
  wpp: { enabled: boolean; scanConfig?: string };
  treatWarningAsError: boolean;
  /** Import libraries to link (absolute .lib paths) and projects to build first and link against (absolute folders). */
  libraries: string[];
  projectReferences: string[];
  /** The module-definition file naming the image's exports (an export driver), absolute. */
  moduleDefinition?: string;
}

const SRC = /\.(c|cpp|cc|cxx)$/i, HDR = /\.(h|hpp|hxx|inl)$/i;

/** Files in the folder (and subfolders), leaving out build output and hidden folders. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    for (const n of readdirSync(d)) {
      if (n.startsWith('.') || /^(x64|x86|arm64|debug|release|node_modules)$/i.test(n)) continue;
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) { if (depth < 3) walk(p, depth + 1); } else out.push(p);
    }
  };
  walk(dir, 0);
  return out.sort();
}

const wppOn = (sources: string[]) => sources.some((s) => /#\s*include\s*["<][^">]+\.tmh[">]/i.test(readFileSync(s, 'utf8')));

export function loadProject(projectDir: string, config: Configuration, platform = 'x64'): Project {
  const dir = path.resolve(projectDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`MSB1009: Project file does not exist.\nSwitch: ${dir}`);
  const files = listFiles(dir);
  const vcx = files.filter((f) => /\.vcxproj$/i.test(f) && path.dirname(f) === dir);
  const projectFile = vcx.find((f) => path.basename(f, '.vcxproj').toLowerCase() === path.basename(dir).toLowerCase()) ?? vcx[0];
  if (projectFile) {
    const v = readVcxproj(projectFile, readFileSync(projectFile, 'utf8'), config, platform);
    const abs = (p: string) => path.resolve(dir, p.replace(/\\/g, '/'));
    const sources = v.clCompile.map(abs);
    // Headers anywhere in the folder count too: #include finds them whether or not the project lists them.
    const headers = [...new Set([...v.clInclude.map(abs), ...files.filter((f) => HDR.test(f))])];
    const scan = v.wpp.scanConfig ? abs(v.wpp.scanConfig) : headers.find((h) => existsSync(h) && /begin_wpp\s+config/.test(readFileSync(h, 'utf8')));
    return {
      dir, projectFile, projectName: v.projectName, targetName: v.targetName, kind: v.kind, sources, headers,
      inf: v.inf.map(abs)[0], defines: v.defines, includeDirs: v.includeDirs.map(abs),
      wpp: { enabled: v.wpp.enabled && sources.length > 0, scanConfig: scan },
      treatWarningAsError: v.treatWarningAsError ?? (v.kind === 'kmdf' || v.kind === 'wdm' || v.kind === 'umdf'),
      libraries: v.additionalDependencies.filter((l) => /\.lib$/i.test(l) && !KERNEL_LIBS.has(path.basename(l.replace(/\\/g, '/')).toLowerCase())).map(abs),
      projectReferences: v.projectReferences.map((r) => path.dirname(abs(r))),
      moduleDefinition: v.moduleDefinitionFile ? abs(v.moduleDefinitionFile) : undefined,
    };
  }
  const sources = files.filter((f) => SRC.test(f));
  const headers = files.filter((f) => HDR.test(f));
  const infs = files.filter((f) => /\.in[fx]$/i.test(f));
  const inf = infs.find((f) => /\.inx$/i.test(f)) ?? infs[0];
  const kind = guessKind(inf, sources);
  const name = path.basename(dir);
  return {
    dir, projectName: name, targetName: name, kind, sources, headers, inf, defines: [], includeDirs: [],
    wpp: { enabled: wppOn(sources), scanConfig: headers.find((h) => /begin_wpp\s+config/.test(readFileSync(h, 'utf8'))) },
    treatWarningAsError: kind === 'kmdf' || kind === 'wdm' || kind === 'umdf',
    libraries: [], projectReferences: [], moduleDefinition: files.find((f) => /\.def$/i.test(f)),
  };
}

/** A folder without a project file: the INF says what driver it is; without an INF it is a program. */
function guessKind(inf: string | undefined, sources: string[]): ImageKind {
  const text = sources.map((s) => readFileSync(s, 'utf8')).join('\n');
  if (inf) {
    const i = readFileSync(inf, 'utf8');
    if (/UmdfService/i.test(i)) return 'umdf';
    if (/KmdfService|KmdfLibraryVersion/i.test(i) || /#\s*include\s*[<"]wdf\.h[>"]/i.test(text)) return 'kmdf';
    return 'wdm';
  }
  if (/\b(w?main|w?WinMain)\s*\(/.test(text)) return 'exe';
  if (/\bDllMain\s*\(/.test(text)) return 'dll';
  return 'exe';
}
