// A driver image whose code reaches a global defined in another of its object files (every KMDF driver: the
// wrappers in Driver.c read WdfDriverGlobals, defined by the entry stub) reads it through an internal GOT global
// that wasm-ld initializes in __wasm_apply_global_relocs, called from the module's start function. The system
// loader relocates data and runs constructors but does not run the start function yet, so the PnP manager runs
// the global relocation itself after mapping an image. (Idempotent: each GOT global becomes __memory_base + offset.)
import type { Kernel } from '../../kernel.ts';
import type { LoadedImage } from '../../mm/loader/loader.ts';

const STACK = 16 * 1024;

export function applyGlobalRelocs(k: Kernel, image: LoadedImage): void {
  const f = image.functions.find((x) => x.name === '__wasm_apply_global_relocs');
  if (!f) return;
  const limit = k.pages.alloc(STACK);
  if (limit === undefined) return;
  try { k.processor.callSync(f.func, [], { base: limit + STACK, limit }); } finally { k.pages.release(limit); }
}
