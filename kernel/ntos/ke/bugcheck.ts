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
