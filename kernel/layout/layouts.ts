// The layout table the kernel's TypeScript reads structures through. It is derived (main/toolchain/layouts.ts)
// from the DWARF of probe.c compiled against our WDK headers, so kernel/inc stays the one place for every
// offset and constant. Plain JSON data: the kernel receives it, it never imports the toolchain.

export interface FieldLayout {
  /** Byte offset from the start of the outermost structure (for a bitfield, of its storage unit). */
  offset: number;
  /** Byte size (of the whole array for arrays, of the storage unit for bitfields). */
  size: number;
  /** C spelling of the member's type, e.g. "PDEVICE_OBJECT", "ULONG", "struct _LIST_ENTRY". */
  type: string;
  /** Bitfields: position inside the storage unit and width. */
  bitOffset?: number;
  bitSize?: number;
  /** Arrays: element count (first dimension) and element size. */
  count?: number;
  elementSize?: number;
}

export interface StructLayout {
  size: number;
  /** Every member by dotted path: "Size", "IoStatus.Status", "Parameters.Read.Length", "Tail.Overlay.ListEntry". */
  fields: Record<string, FieldLayout>;
}

export interface Layouts {
  /** Structures and unions by typedef name and by tag ("IRP" and "_IRP"). */
  structs: Record<string, StructLayout>;
  /** Enumerations by typedef name and tag: enumerator → value. */
  enums: Record<string, Record<string, number>>;
  /** #define constants the probe captured (IRP_MJ_READ, STATUS_SUCCESS, ...). */
  constants: Record<string, number>;
  /** Hash of the headers and probe the table came from. */
  source: string;
}
