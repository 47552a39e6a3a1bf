// The driver build, as Visual Studio + WDK run it: compile each source (clang, in-process), link (wasm-ld), check
// imports against our kernel's exports (LNK2019), stamp and verify the INF, and sign the package catalog.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileFlags, compileUnit, includeRoot, includeTree, linkImage, prefetch, put, repoRoot, type ImageKind, type Tree } from './clang.ts';
import { formatDiagnostic, toDiagnostics, type Diagnostic } from './diagnostics.ts';
import { checkImports } from './linkcheck.ts';
import { parseDef, readImportLibrary, writeImportLibrary } from './implib.ts';
import { moduleExports } from '../../kernel/exports.ts';
import { readWasm, appendCustomSection } from './wasm/read.ts';
import { loadProject, type Project } from './project.ts';
import { parseInf } from './inf/parse.ts';
import { verifyInf } from './inf/verify.ts';
import { stampInf } from './inf/stamp.ts';
import { makeCatalog } from './catalog.ts';
import { readWppConfig, generateTmh, type WppMessage } from './wpp.ts';
import { aliasIncludes } from './includes.ts';

export type { Diagnostic } from './diagnostics.ts';

/** A build stage as it starts (compiling one source, link, INF, catalog) and the share of the stages already done. */
export interface BuildStage { stage: string; percent: number }
export interface BuildOptions { configuration?: 'Debug' | 'Release'; platform?: 'x64'; onLog?: (line: string) => void; onStage?: (s: BuildStage) => void }
export interface BuildResult {
  success: boolean; errors: number; warnings: number; diagnostics: Diagnostic[]; log: string[];
  outputDir: string; outputs: string[]; projectName: string; kind: 'kmdf' | 'wdm' | 'umdf' | 'exe' | 'dll';
}

/**
 * Static libraries the real WDK links into images of a kind (ours are C sources in kernel/lib). `sources` are always
 * linked (the entry stub); `onDemand` only when the image needs a symbol they define, as a linker takes an archive
 * member only to resolve a reference (so a driver that never calls IoCreateDeviceSecure has no wdmsec symbols).
 */
const WDMSEC = 'kernel/lib/wdmsec/wdmsec.c';
export const LIBS: Partial<Record<ImageKind, { sources: string[]; onDemand?: string[]; entry?: string }>> = {
  kmdf: { sources: ['kernel/lib/wdf/FxDriverEntry.c'], onDemand: [WDMSEC], entry: 'FxDriverEntry' },
  wdm: { sources: [], onDemand: [WDMSEC] },
  umdf: { sources: ['kernel/lib/wdf/FxDriverEntryUm.c'], entry: 'FxDriverEntryUm' },
};
const ENTRIES: Record<ImageKind, string[]> = {
  kmdf: ['DriverEntry'], wdm: ['DriverEntry'], umdf: ['DriverEntry', 'DllMain'],
  exe: ['wmain', 'main', 'wWinMain', 'WinMain', '__main_argc_argv'], dll: ['DllMain'],
};
const EXT: Record<ImageKind, string> = { kmdf: '.sys', wdm: '.sys', umdf: '.dll', exe: '.exe', dll: '.dll' };

/** Compiled objects by content hash: unchanged units are not compiled again in this process. */
const objectCache = new Map<string, { object?: Uint8Array; stderr: string }>();

export async function buildProject(projectDir: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const config = opts.configuration ?? 'Debug';
  const platform = opts.platform ?? 'x64';
  const log: string[] = [];
  const emit = (line: string) => { log.push(line); opts.onLog?.(line); };
  const out = (line: string) => emit(`1>${line}`);
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => { diagnostics.push(d); out(formatDiagnostic(d)); };

  emit('Build started...');
  let project: Project;
  try { project = loadProject(projectDir, config, platform); } catch (e) {
    const d: Diagnostic = { file: path.resolve(projectDir), line: 0, column: 0, severity: 'error', code: 'MSB1009', message: (e as Error).message.replace(/^MSB1009: /, '').split('\n')[0] };
    diagnostics.push(d); emit(`MSBUILD : error MSB1009: ${d.message}`);
    return finish(emit, log, diagnostics, { outputDir: '', outputs: [], projectName: path.basename(projectDir), kind: 'kmdf', failedProject: true });
  }
  const { kind, targetName } = project;
  const projLabel = project.projectFile ? path.basename(project.projectFile) : `${project.projectName}.vcxproj`;
  emit(`1>------ Build started: Project: ${project.projectName}, Configuration: ${config} ${platform} ------`);
  const intDir = path.join(project.dir, platform, config);
  const isDriver = kind === 'kmdf' || kind === 'wdm' || kind === 'umdf';
  const packageDir = isDriver ? path.join(intDir, targetName) : intDir;
  const imageName = targetName + EXT[kind];
  const done = (outputs: string[]) => {
    const failed = diagnostics.some((d) => d.severity === 'error');
    out(failed ? `Done building project "${projLabel}" -- FAILED.` : `Done building project "${projLabel}".`);
    return finish(emit, log, diagnostics, { outputDir: packageDir, outputs: failed ? [] : outputs, projectName: project.projectName, kind });
  };

  // The file tree clang sees: our headers and the project at their real paths (so DWARF and messages name them).
  const files: Tree = {};
  put(files, includeRoot, includeTree());
  const projectFiles = [...new Set([...project.sources, ...project.headers, ...project.includeDirs.flatMap(listHeaders)])];
  const texts = new Map<string, string>();
  for (const f of projectFiles) {
    if (!existsSync(f)) { if (project.sources.includes(f)) report({ file: f, line: 0, column: 0, severity: 'error', code: 'C1083', message: `Cannot open source file: '${f}': No such file or directory` }); continue; }
    const t = readFileSync(f, 'utf8'); texts.set(f, t); put(files, f, t);
  }
  if (diagnostics.length) return done([]);

  // WPP: generate each source's .tmh into the intermediate folder.
  const wppMessages: WppMessage[] = [];
  if (project.wpp.enabled) {
    const cfgText = project.wpp.scanConfig && existsSync(project.wpp.scanConfig) ? readFileSync(project.wpp.scanConfig, 'utf8') : '';
    const wcfg = readWppConfig(cfgText);
    for (const src of project.sources) {
      const text = texts.get(src)!;
      const inc = /#\s*include\s*"([^"]+\.tmh)"/i.exec(text);
      if (!inc) continue;
      const tmh = generateTmh({ project: targetName, file: src, source: text, config: wcfg, kernelMode: kind === 'kmdf' || kind === 'wdm' });
      for (const p of tmh.problems) report({ file: src, line: p.line, column: 1, severity: 'warning', code: 'WPP', message: p.message });
      wppMessages.push(...tmh.messages);
      for (const name of new Set([inc[1], path.basename(src).replace(/\.\w+$/, '.tmh')])) {
        put(files, path.join(intDir, name), tmh.text);
        mkdirSync(intDir, { recursive: true });
        writeFileSync(path.join(intDir, name), tmh.text);
      }
    }
  }
  const incDirs = [...project.includeDirs, intDir];
  aliasIncludes(files, texts, [...incDirs, ...includeDirsFor(kind)]);

  // Compile.
  await prefetch();
  const lib = LIBS[kind];
  const libPath = (s: string) => path.join(repoRoot, s);
  const libSources = (lib?.sources ?? []).map(libPath).filter((s) => existsSync(s));
  const onDemandSources = new Set((lib?.onDemand ?? []).map(libPath).filter((s) => existsSync(s)));
  for (const s of [...libSources, ...onDemandSources]) put(files, s, readFileSync(s, 'utf8'));
  const units = [...project.sources.map((s) => ({ src: s, shown: true })), ...[...libSources, ...onDemandSources].map((s) => ({ src: s, shown: false }))];
  const defines = [...project.defines.filter((d) => !/^(_DEBUG|NDEBUG|DBG(=.*)?)$/.test(d))];
  const headerHash = createHash('sha256');
  for (const [f, t] of texts) if (!project.sources.includes(f)) headerHash.update(f + '\0' + t);
  for (const m of wppMessages) headerHash.update(JSON.stringify(m));
  const hdrKey = headerHash.digest('hex');
  const objects: Record<string, Uint8Array> = {};
  const onDemand: Record<string, Uint8Array> = {};
  let compileErrors = 0;
  // The stages the progress bar counts: each unit compiled, the link, then for a driver the INF and the catalog.
  const stages = units.length + 1 + (isDriver ? 2 : 0);
  let staged = 0;
  const stage = (name: string) => opts.onStage?.({ stage: name, percent: Math.round((staged++ / stages) * 100) });
  for (const u of units) {
    stage(`Compiling ${path.basename(u.src)}`);
    if (u.shown) out(path.basename(u.src));
    const cxx = /\.(cpp|cc|cxx)$/i.test(u.src);
    const object = path.join(intDir, path.basename(u.src).replace(/\.\w+$/, '.obj'));
    const src = u.shown ? texts.get(u.src)! : readFileSync(u.src, 'utf8');
    const key = createHash('sha256').update(JSON.stringify([kind, config, cxx, u.src, object, incDirs, defines, compileFlags(kind, config, cxx, includeRoot)])).update(src).update(hdrKey).digest('hex');
    let r = objectCache.get(key);
    if (!r) {
      const res = await compileUnit({ kind, config, cxx, source: u.src, object, files, includeDirs: incDirs, defines, incRoot: includeRoot });
      r = { object: res.object, stderr: res.stderr };
      if (res.object) objectCache.set(key, r);
    }
    const diags = toDiagnostics(r.stderr, (file, line) => sourceLine(texts, file, line));
    const warn = diags.filter((d) => d.severity === 'warning');
    if (project.treatWarningAsError && warn.length && u.shown) {
      report({ ...warn[0], severity: 'error', code: 'C2220', message: 'the following warning is treated as an error' });
    }
    for (const d of diags) report(d);
    if (!r.object || (project.treatWarningAsError && warn.length && u.shown)) { compileErrors++; continue; }
    (onDemandSources.has(u.src) ? onDemand : objects)[object] = r.object;
  }
  if (compileErrors) return done([]);

  // Import libraries: referenced projects first (as VS builds them), then Additional Dependencies.
  const importLibs = new Map<string, ReadonlySet<string>>();
  const libPaths = [...project.libraries];
  for (const ref of project.projectReferences) {
    const r = await buildProject(ref, { ...opts, onLog: undefined, onStage: undefined });
    if (!r.success) { report({ file: projLabel, line: 0, column: 0, severity: 'error', code: 'MSB3073', message: `the referenced project ${path.basename(ref)} failed to build` }); continue; }
    const refProject = loadProject(ref, config, platform);
    const refLib = path.join(refProject.dir, platform, config, `${refProject.targetName}.lib`);
    if (existsSync(refLib)) libPaths.push(refLib);
  }
  for (const p of libPaths) {
    const il = readImportLibrary(p);
    if (!il) { report({ file: 'LINK', line: 0, column: 0, severity: 'error', code: 'LNK1181', message: `cannot open input file '${p}'` }); continue; }
    importLibs.set(il.module.toLowerCase(), new Set(il.exports));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return done([]);
  const defExports = project.moduleDefinition && existsSync(project.moduleDefinition) ? parseDef(readFileSync(project.moduleDefinition, 'utf8')) : [];

  // Link, then the import check our linker cannot do for us.
  stage(`Linking ${imageName}`);
  const imagePath = path.join(intDir, imageName);
  const exports = [...new Set([...(lib?.entry ? [lib.entry] : []), ...ENTRIES[kind], ...defExports.map((e) => e.name)])];
  let l = await linkImage({ objects, output: imagePath, exports });
  // Unresolved references a library member defines: link again with the library members in.
  if (l.image && Object.keys(onDemand).length && checkImports(readWasm(l.image), (m) => moduleExports(m) ?? importLibs.get(m.toLowerCase())).length) {
    const withLibs = await linkImage({ objects: { ...objects, ...onDemand }, output: imagePath, exports });
    if (withLibs.image && checkImports(readWasm(withLibs.image), (m) => moduleExports(m) ?? importLibs.get(m.toLowerCase())).length < checkImports(readWasm(l.image), (m) => moduleExports(m) ?? importLibs.get(m.toLowerCase())).length) l = withLibs;
  }
  if (!l.image) {
    for (const line of l.stderr.split('\n').filter(Boolean)) report({ file: 'LINK', line: 0, column: 0, severity: 'error', code: 'LNK1000', message: line.replace(/^wasm-ld: (error: )?/, '') });
    return done([]);
  }
  const img = readWasm(l.image);
  const linkErrors = checkImports(img, (m) => moduleExports(m) ?? importLibs.get(m.toLowerCase()));
  for (const d of defExports) {
    if (!img.exports.some((x) => x.name === d.name)) report({ file: project.moduleDefinition!, line: 0, column: 0, severity: 'error', code: 'LNK2001', message: `unresolved external symbol ${d.name}` });
  }
  for (const e of linkErrors) report({ file: objectFor(objects, e.symbol) ?? imageName, line: 0, column: 0, severity: 'error', code: e.code, message: e.message });
  const entry = [...(lib?.entry ? [lib.entry] : []), ...ENTRIES[kind]].find((n) => img.exports.some((x) => x.name === n));
  if (!entry && !linkErrors.length) report({ file: 'LINK', line: 0, column: 0, severity: 'error', code: 'LNK2001', message: `unresolved external symbol ${ENTRIES[kind][0]}` });
  if (linkErrors.length) report({ file: imagePath, line: 0, column: 0, severity: 'error', code: 'LNK1120', message: `${linkErrors.length} unresolved externals` });
  if (diagnostics.some((d) => d.severity === 'error')) return done([]);

  // The image's own header (PE's optional header in our format), and the WPP formats as tracewpp's TMF.
  let image = appendCustomSection(l.image, 'driverlab.image', new TextEncoder().encode(JSON.stringify({
    format: 1, name: imageName, kind, machine: platform, entry, configuration: config,
    subsystem: kind === 'exe' || kind === 'dll' || kind === 'umdf' ? 'console' : 'native', timeDateStamp: Math.floor(Date.now() / 1000),
  })));
  if (wppMessages.length) {
    const wcfg = readWppConfig(project.wpp.scanConfig && existsSync(project.wpp.scanConfig) ? readFileSync(project.wpp.scanConfig, 'utf8') : '');
    image = appendCustomSection(image, 'driverlab.wpp', new TextEncoder().encode(JSON.stringify({ control: { name: wcfg.controlName, guid: wcfg.controlGuid, bits: wcfg.bits }, messages: wppMessages })));
  }
  mkdirSync(intDir, { recursive: true });
  writeFileSync(imagePath, image);
  out(`${projLabel} -> ${imagePath}`);
  const publicExports = defExports.filter((e) => !e.private).map((e) => e.name);
  if (publicExports.length) {
    const libPath = path.join(intDir, `${targetName}.lib`);
    writeFileSync(libPath, writeImportLibrary({ module: imageName, exports: publicExports }));
    out(`   Creating library ${libPath} and object ${path.join(intDir, `${targetName}.exp`)}`);
  }
  if (!isDriver) return done([imagePath]);

  // Driver package: stamped INF, InfVerif, catalog signed with the lab test certificate.
  mkdirSync(packageDir, { recursive: true });
  const pkg: Record<string, Uint8Array> = { [imageName]: image };
  if (!project.inf) {
    report({ file: projLabel, line: 0, column: 0, severity: 'error', code: 'error 1000', message: `INF file not found in project. A driver package needs one .inf (or .inx) file.` });
    return done([]);
  }
  stage(`Stamping and verifying ${targetName}.inf`);
  const infText = readFileSync(project.inf, 'utf8');
  const infName = `${targetName}.inf`;
  const stamped = stampInf(infText);
  const verdict = verifyInf(parseInf(infText, { arch: 'amd64' }), { packageFiles: [imageName, infName] });
  for (const i of verdict.issues) report({ file: project.inf, line: i.line, column: 1, severity: i.severity, code: String(i.code), message: i.message });
  if (verdict.issues.some((i) => i.severity === 'error')) return done([]);
  if (verdict.universal) out('Driver is a Universal Driver.');
  pkg[infName] = new TextEncoder().encode(stamped);
  const catName = `${targetName}.cat`;
  stage(`Signing ${catName}`);
  const cat = makeCatalog(pkg);
  const outputs: string[] = [];
  for (const [n, b] of Object.entries({ ...pkg, [catName]: cat })) { const p = path.join(packageDir, n); writeFileSync(p, b); outputs.push(p); }
  out('Catalog generation complete.');
  out(path.join(packageDir, catName));
  out('Done Adding Additional Store');
  out(`Successfully signed: ${path.join(packageDir, catName)}`);
  return done(outputs);
}

function finish(emit: (l: string) => void, log: string[], diagnostics: Diagnostic[], r: { outputDir: string; outputs: string[]; projectName: string; kind: ImageKind; failedProject?: boolean }): BuildResult {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const ok = errors === 0;
  emit(`========== Build: ${ok ? 1 : 0} succeeded, ${ok ? 0 : 1} failed, 0 up-to-date, 0 skipped ==========`);
  emit('');
  emit(ok ? 'Build succeeded.' : 'Build FAILED.');
  emit(`    ${warnings} Warning(s)`);
  emit(`    ${errors} Error(s)`);
  return { success: ok, errors, warnings, diagnostics, log, outputDir: r.outputDir, outputs: r.outputs, projectName: r.projectName, kind: r.kind };
}

function includeDirsFor(kind: ImageKind): string[] {
  return compileFlags(kind, 'Debug', false, includeRoot).filter((f) => f.startsWith('-isystem')).map((f) => f.slice(8));
}

/** Headers in the project folder that the project file may not list (they are still found by #include). */
function listHeaders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => /\.(h|hpp|inl)$/i.test(n)).map((n) => path.join(dir, n));
}

function sourceLine(texts: Map<string, string>, file: string, line: number): string | undefined {
  let t = texts.get(file);
  if (t === undefined && existsSync(file)) { try { t = readFileSync(file, 'utf8'); texts.set(file, t); } catch { return undefined; } }
  return t?.split(/\r?\n/)[line - 1];
}

/** The object file that imports a symbol (MSVC names the referencing .obj in LNK2019). */
function objectFor(objects: Record<string, Uint8Array>, symbol: string): string | undefined {
  for (const [p, bytes] of Object.entries(objects)) {
    try { if (readWasm(bytes).imports.some((i) => i.name === symbol)) return path.basename(p); } catch { /* not readable: skip */ }
  }
  return undefined;
}
