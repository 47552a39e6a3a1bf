// A bugcheck raised from kernel code. Codes are named symbolically (the numeric value comes from our
// bugcodes.h through the layouts probe), parameters as the real bugcheck defines them. `driver` names the image
// the blue screen and !analyze blame, when the kernel knows it.
export class BugCheck extends Error {
  constructor(
    readonly code: string,
    readonly params: readonly [bigint, bigint, bigint, bigint] = [0n, 0n, 0n, 0n],
    readonly driver?: string,
  ) {
    super(`bugcheck ${code} (${params.map((p) => '0x' + p.toString(16)).join(', ')})${driver ? ` in ${driver}` : ''}`);
    this.name = 'BugCheck';
  }
}

/** The faulting driver as the blue screen names it: the image file (DongLpt.sys), also for a module name or an unloaded image. */
export function withImageName(k: { loader: { find(n: string): { name: string } | undefined }; io?: { unloaded: { name: string }[] } }, b: BugCheck): BugCheck {
  const d = b.driver;
  if (!d || /\.[a-z0-9]+$/i.test(d)) return b;
  const name = k.loader.find(d)?.name ?? k.io?.unloaded.find((u) => u.name.toLowerCase().replace(/\.[^.]*$/, '') === d.toLowerCase())?.name;
  return name ? new BugCheck(b.code, b.params, name) : b;
}
