// A built driver package as the deployment copies it: the files of the build's package folder (.sys, .inf, .cat)
// plus the test certificate, the INF's name and the hardware IDs its models list; or, for an application project
// (a test program such as echoapp), the program the build made.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseInf } from '../../toolchain/inf/parse.ts';
import { repoRoot } from '../../toolchain/clang.ts';

export interface DriverPackageFiles { name: string; inf: string; files: Record<string, Uint8Array>; hardwareIds: string[] }

/** A console application's build output: what deploying it copies to the target. */
export interface ProgramFiles { name: string; exe: string; files: Record<string, Uint8Array> }

export const TEST_CERT_NAME = 'WDKTestCert.cer';

/** Hardware IDs in the INF's models sections ([Manufacturer] → Models.NTamd64 → `desc = install, id, ...`). */
export function infHardwareIds(text: string): string[] {
  const inf = parseInf(text, { arch: 'amd64' });
  const ids: string[] = [];
  for (const m of inf.section('Manufacturer')?.entries ?? []) {
    const [models, ...decorations] = m.values;
    if (!models) continue;
    for (const name of [models, ...decorations.map((d) => `${models}.${d}`)]) {
      for (const e of inf.section(name)?.entries ?? []) for (const id of e.values.slice(1).map((x) => x.trim()).filter(Boolean)) if (!ids.some((x) => x.toLowerCase() === id.toLowerCase())) ids.push(id);
    }
  }
  return ids;
}

/** Read a package folder (the build's outputDir); the test certificate is added as the deployment does. */
export function readPackage(dir: string): DriverPackageFiles {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`The driver package folder ${dir} does not exist. Build the project first.`);
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir)) if (/\.(sys|inf|cat|dll|exe)$/i.test(f)) files[f] = new Uint8Array(readFileSync(path.join(dir, f)));
  const inf = Object.keys(files).find((f) => /\.inf$/i.test(f));
  if (!inf) throw new Error(`The driver package folder ${dir} has no INF file.`);
  files[TEST_CERT_NAME] = new Uint8Array(readFileSync(path.join(repoRoot, 'assets', 'certs', 'WDKTestCert.cer.json')));
  return { name: inf.replace(/\.inf$/i, ''), inf, files, hardwareIds: infHardwareIds(Buffer.from(files[inf]!).toString('utf8')) };
}

/**
 * What a project's build made for a configuration, as deployment reads it: the driver package folder
 * (<project>\x64\<Configuration>\<Name>, the folder holding an INF) or, for an application, the .exe in
 * <project>\x64\<Configuration>. Throws the learner's next step when the project was not built.
 */
export function readBuiltProject(projectDir: string, configuration: string): DriverPackageFiles | ProgramFiles {
  const out = path.join(projectDir, 'x64', configuration);
  const project = path.basename(projectDir);
  if (existsSync(out)) {
    for (const d of readdirSync(out)) {
      const p = path.join(out, d);
      if (statSync(p).isDirectory() && readdirSync(p).some((f) => /\.inf$/i.test(f))) return readPackage(p);
    }
    const exe = readdirSync(out).find((f) => /\.exe$/i.test(f) && statSync(path.join(out, f)).isFile());
    if (exe) return { name: project, exe, files: { [exe]: new Uint8Array(readFileSync(path.join(out, exe))) } };
  }
  throw new Error(`${project} has no built driver package or program for ${configuration}|x64. Build it first (host> build ${project}).`);
}
