// Typed access to a Layouts table for kernel code: struct(layouts, 'IRP').field('IoStatus.Status') → offset.
import type { FieldLayout, Layouts, StructLayout } from './layouts.ts';

export class LayoutError extends Error {}

export interface StructAccessor {
  readonly name: string;
  readonly size: number;
  /** Byte offset of a member path. */
  field(path: string): number;
  /** Everything known about a member path. */
  info(path: string): FieldLayout;
  has(path: string): boolean;
}

export function struct(layouts: Layouts, name: string): StructAccessor {
  const s: StructLayout | undefined = layouts.structs[name];
  if (!s) throw new LayoutError(`no layout for structure ${name} (is it referenced by kernel/layout/probe.c?)`);
  const info = (path: string): FieldLayout => {
    const f = s.fields[path];
    if (!f) throw new LayoutError(`${name} has no member ${path}`);
    return f;
  };
  return { name, size: s.size, field: (p) => info(p).offset, info, has: (p) => p in s.fields };
}

/** A #define constant captured by the probe. */
export function constant(layouts: Layouts, name: string): number {
  const v = layouts.constants[name];
  if (v === undefined) throw new LayoutError(`no constant ${name} (add it to LAYOUT_CONSTANTS in kernel/layout/probe.c)`);
  return v;
}

/** One enumerator's value: enumValue(layouts, 'POOL_TYPE', 'NonPagedPoolNx'). */
export function enumValue(layouts: Layouts, enumName: string, member: string): number {
  const e = layouts.enums[enumName];
  if (!e) throw new LayoutError(`no enumeration ${enumName}`);
  const v = e[member];
  if (v === undefined) throw new LayoutError(`${enumName} has no enumerator ${member}`);
  return v;
}
