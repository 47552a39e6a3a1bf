// The Debug Print Filter: which DbgPrintEx/KdPrintEx messages reach the debugger. A message passes when its
// level bit is set in the component's mask or in the system-wide WIN2000 mask (ERROR level by default).
// Levels 0..31 name one bit (1 << level); larger values are already masks.

/** Reads a component's current mask (the Kd_<Component>_Mask variable in nt's memory). */
export type MaskReader = (componentId: number) => number;

export function levelMask(level: number): number {
  return level <= 31 ? (1 << level) >>> 0 : level >>> 0;
}

export function printPasses(componentId: number, level: number, readMask: MaskReader, win2000Mask: number): boolean {
  const bits = levelMask(level);
  return ((bits & win2000Mask) >>> 0) !== 0 || ((bits & readMask(componentId)) >>> 0) !== 0;
}
