// Exception codes the processor raises (NTSTATUS values, as ntstatus.h defines them).
export const Status = {
  SUCCESS: 0x00000000,
  BREAKPOINT: 0x80000003,
  SINGLE_STEP: 0x80000004,
  ACCESS_VIOLATION: 0xc0000005,
  ILLEGAL_INSTRUCTION: 0xc000001d,
  PROCEDURE_NOT_FOUND: 0xc000007a,
  INVALID_IMAGE_FORMAT: 0xc000007b,
  FLOAT_INVALID_OPERATION: 0xc0000090,
  INTEGER_DIVIDE_BY_ZERO: 0xc0000094,
  INTEGER_OVERFLOW: 0xc0000095,
  INSUFFICIENT_RESOURCES: 0xc000009a,
  IMAGE_ALREADY_LOADED: 0xc000010e,
  STACK_OVERFLOW: 0xc00000fd,
} as const;

export function statusName(code: number): string {
  for (const [k, v] of Object.entries(Status)) if (v === code >>> 0) return `STATUS_${k}`;
  return `0x${(code >>> 0).toString(16).padStart(8, '0')}`;
}
