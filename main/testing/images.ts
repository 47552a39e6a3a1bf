// Real images for the fault suite, built by our clang with the canonical flags and our WDK headers, and cached in
// the temp folder by a hash of everything that goes into them (sources, headers, flags), so a fuzz test pays for
// clang only when something changed.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  compileFlags, compileUnit, includeRoot, includeTree, linkFlags, linkImage, put, repoRoot,
  type Configuration, type ImageKind, type Tree,
} from '../toolchain/clang.ts';

export const imageCacheDir = path.join(os.tmpdir(), 'driverlab-fault-suite-images');

function hashTree(h: ReturnType<typeof createHash>, t: Tree): void {
  for (const k of Object.keys(t).sort()) {
    const v = t[k]!;
    h.update(k + '\0');
    if (typeof v === 'string' || v instanceof Uint8Array) h.update(v); else hashTree(h, v);
  }
}

export interface ImageSpec {
  name: string;
  kind: ImageKind;
  config: Configuration;
  /** Source files (name → text). */
  sources: Record<string, string>;
  exports: string[];
}

/** Build (or take from the cache) one image. */
export async function cachedImage(spec: ImageSpec): Promise<Uint8Array> {
  const h = createHash('sha256');
  h.update(JSON.stringify([spec.kind, spec.config, spec.exports, compileFlags(spec.kind, spec.config, false), linkFlags(spec.exports)]));
  hashTree(h, spec.sources);
  // Our headers change often while the kernel grows: only images that include them depend on them.
  if (Object.values(spec.sources).some((t) => /#\s*include\s*</.test(t))) hashTree(h, includeTree());
  const file = path.join(imageCacheDir, `${spec.name}-${spec.config}-${h.digest('hex').slice(0, 16)}.sys`);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const files: Tree = {};
  put(files, includeRoot, includeTree());
  const objects: Record<string, Uint8Array> = {};
  for (const [n, text] of Object.entries(spec.sources)) put(files, `/src/${n}`, text);
  for (const n of Object.keys(spec.sources).filter((f) => /\.c$/.test(f))) {
    const src = `/src/${n}`;
    const r = await compileUnit({ kind: spec.kind, config: spec.config, cxx: false, source: src, object: `/obj/${n}.o`, files, incRoot: includeRoot, includeDirs: ['/src'] });
    if (!r.object) throw new Error(`${n} does not compile:\n${r.stderr}`);
    objects[`/obj/${n}.o`] = r.object;
  }
  const l = await linkImage({ objects, output: `/out/${spec.name}.sys`, exports: spec.exports });
  if (!l.image) throw new Error(`${spec.name} does not link:\n${l.stderr}`);
  mkdirSync(imageCacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, l.image);
  renameSync(tmp, file); // atomic: two test files building the same image never see half of it
  return l.image;
}

/** One of our test drivers (kernel/test/drivers/<name>), all its .c and .h files. */
export function testDriverSpec(name: string, config: Configuration, exports: string[]): ImageSpec {
  const dir = path.join(repoRoot, 'kernel', 'test', 'drivers', name);
  const sources: Record<string, string> = {};
  for (const f of readdirSync(dir)) if (/\.[ch]$/.test(f)) sources[f] = readFileSync(path.join(dir, f), 'utf8');
  return { name, kind: 'wdm', config, sources, exports };
}

/**
 * A small driver with a bit of everything a loader and a symbol reader meet: kernel imports, data with pointers
 * (data relocations), a function-pointer table (table slots, GOT entries), a constructor, a struct, an enum, a
 * switch (br_table), 64-bit arithmetic and a loop. It declares the few types it needs itself, so the image (and
 * its DWARF) stays small and a fuzz case is cheap; the real drivers (testDriverSpec) cover the big images.
 */
export const SPECIMEN_C = `typedef unsigned short USHORT; typedef unsigned int ULONG; typedef long long LONGLONG;
typedef long NTSTATUS; typedef void *PVOID; typedef unsigned short WCHAR;
typedef struct _UNICODE_STRING { USHORT Length; USHORT MaximumLength; WCHAR *Buffer; } UNICODE_STRING, *PUNICODE_STRING;
#define NTKERNELAPI __attribute__((import_module("ntoskrnl.exe")))
NTKERNELAPI ULONG DbgPrint(const char *Format, ...);
NTKERNELAPI void RtlInitUnicodeString(PUNICODE_STRING Destination, const WCHAR *Source);

typedef enum _SPECIMEN_STATE { SpecimenIdle, SpecimenBusy, SpecimenDone } SPECIMEN_STATE;
typedef struct _SPECIMEN { ULONG Count; SPECIMEN_STATE State; LONGLONG Total; const char *Label; } SPECIMEN;

static const char Hello[] = "specimen loaded";
const char *HelloPtr = Hello;
SPECIMEN Specimen = { 1, SpecimenIdle, 0, "first" };
static ULONG Constructed;

static LONGLONG Twice(LONGLONG x) { return x * 2; }
static LONGLONG Square(LONGLONG x) { return x * x; }
LONGLONG (*Ops[2])(LONGLONG) = { Twice, Square };

__attribute__((constructor)) static void SpecimenInit(void) { Constructed = 7; }

LONGLONG SpecimenWork(ULONG n)
{
    LONGLONG sum = 0;
    for (ULONG i = 0; i < n; i++) {
        switch (i % 4) {
        case 0: sum += Ops[0](i); break;
        case 1: sum += Ops[1](i); break;
        case 2: sum -= (LONGLONG)i << 33; break;
        default: sum ^= 0x5a5a5a5a5a5aLL; break;
        }
    }
    Specimen.Total = sum;
    Specimen.State = SpecimenDone;
    return sum + Constructed;
}

NTSTATUS DriverEntry(PVOID DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, L"\\\\Device\\\\Specimen");
    DbgPrint("%s %wZ %lld\\n", HelloPtr, &name, SpecimenWork(8));
    return 0;
}
`;

export function specimenSpec(config: Configuration): ImageSpec {
  return { name: 'specimen', kind: 'wdm', config, sources: { 'specimen.c': SPECIMEN_C }, exports: ['DriverEntry', 'SpecimenWork', 'Specimen', 'Ops'] };
}
