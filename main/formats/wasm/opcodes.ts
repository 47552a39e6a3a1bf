// The wasm opcodes we decode: name and immediate kind. Prefixed (0xFC) opcodes are numbered 0xFC00 | sub.

export type Imm =
  | 'none' | 'block' | 'label' | 'br_table' | 'func' | 'call_indirect' | 'local' | 'global' | 'table'
  | 'memarg' | 'mem' | 'i32' | 'i64' | 'f32' | 'f64' | 'select_t' | 'reftype'
  | 'data_mem' | 'data' | 'mem_mem' | 'elem_table' | 'elem' | 'table_table';

export interface OpInfo { name: string; imm: Imm }

export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d,
  br_table: 0x0e, return: 0x0f, call: 0x10, call_indirect: 0x11, drop: 0x1a, select: 0x1b, select_t: 0x1c,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24, table_get: 0x25, table_set: 0x26,
  i32_const: 0x41, i64_const: 0x42, f32_const: 0x43, f64_const: 0x44,
  memory_size: 0x3f, memory_grow: 0x40, ref_null: 0xd0, ref_is_null: 0xd1, ref_func: 0xd2,
  memory_init: 0xfc08, data_drop: 0xfc09, memory_copy: 0xfc0a, memory_fill: 0xfc0b,
  table_init: 0xfc0c, elem_drop: 0xfc0d, table_copy: 0xfc0e, table_grow: 0xfc0f, table_size: 0xfc10, table_fill: 0xfc11,
} as const;

const table = new Map<number, OpInfo>();
function def(op: number, name: string, imm: Imm = 'none'): void { table.set(op, { name, imm }); }

def(0x00, 'unreachable'); def(0x01, 'nop'); def(0x02, 'block', 'block'); def(0x03, 'loop', 'block');
def(0x04, 'if', 'block'); def(0x05, 'else'); def(0x0b, 'end'); def(0x0c, 'br', 'label'); def(0x0d, 'br_if', 'label');
def(0x0e, 'br_table', 'br_table'); def(0x0f, 'return'); def(0x10, 'call', 'func'); def(0x11, 'call_indirect', 'call_indirect');
def(0x1a, 'drop'); def(0x1b, 'select'); def(0x1c, 'select', 'select_t');
def(0x20, 'local.get', 'local'); def(0x21, 'local.set', 'local'); def(0x22, 'local.tee', 'local');
def(0x23, 'global.get', 'global'); def(0x24, 'global.set', 'global'); def(0x25, 'table.get', 'table'); def(0x26, 'table.set', 'table');

const mem: [number, string][] = [
  [0x28, 'i32.load'], [0x29, 'i64.load'], [0x2a, 'f32.load'], [0x2b, 'f64.load'], [0x2c, 'i32.load8_s'], [0x2d, 'i32.load8_u'],
  [0x2e, 'i32.load16_s'], [0x2f, 'i32.load16_u'], [0x30, 'i64.load8_s'], [0x31, 'i64.load8_u'], [0x32, 'i64.load16_s'],
  [0x33, 'i64.load16_u'], [0x34, 'i64.load32_s'], [0x35, 'i64.load32_u'], [0x36, 'i32.store'], [0x37, 'i64.store'],
  [0x38, 'f32.store'], [0x39, 'f64.store'], [0x3a, 'i32.store8'], [0x3b, 'i32.store16'], [0x3c, 'i64.store8'],
  [0x3d, 'i64.store16'], [0x3e, 'i64.store32'],
];
for (const [op, name] of mem) def(op, name, 'memarg');
def(0x3f, 'memory.size', 'mem'); def(0x40, 'memory.grow', 'mem');
def(0x41, 'i32.const', 'i32'); def(0x42, 'i64.const', 'i64'); def(0x43, 'f32.const', 'f32'); def(0x44, 'f64.const', 'f64');

const plain = [
  'i32.eqz', 'i32.eq', 'i32.ne', 'i32.lt_s', 'i32.lt_u', 'i32.gt_s', 'i32.gt_u', 'i32.le_s', 'i32.le_u', 'i32.ge_s', 'i32.ge_u',
  'i64.eqz', 'i64.eq', 'i64.ne', 'i64.lt_s', 'i64.lt_u', 'i64.gt_s', 'i64.gt_u', 'i64.le_s', 'i64.le_u', 'i64.ge_s', 'i64.ge_u',
  'f32.eq', 'f32.ne', 'f32.lt', 'f32.gt', 'f32.le', 'f32.ge', 'f64.eq', 'f64.ne', 'f64.lt', 'f64.gt', 'f64.le', 'f64.ge',
  'i32.clz', 'i32.ctz', 'i32.popcnt', 'i32.add', 'i32.sub', 'i32.mul', 'i32.div_s', 'i32.div_u', 'i32.rem_s', 'i32.rem_u',
  'i32.and', 'i32.or', 'i32.xor', 'i32.shl', 'i32.shr_s', 'i32.shr_u', 'i32.rotl', 'i32.rotr',
  'i64.clz', 'i64.ctz', 'i64.popcnt', 'i64.add', 'i64.sub', 'i64.mul', 'i64.div_s', 'i64.div_u', 'i64.rem_s', 'i64.rem_u',
  'i64.and', 'i64.or', 'i64.xor', 'i64.shl', 'i64.shr_s', 'i64.shr_u', 'i64.rotl', 'i64.rotr',
  'f32.abs', 'f32.neg', 'f32.ceil', 'f32.floor', 'f32.trunc', 'f32.nearest', 'f32.sqrt', 'f32.add', 'f32.sub', 'f32.mul',
  'f32.div', 'f32.min', 'f32.max', 'f32.copysign',
  'f64.abs', 'f64.neg', 'f64.ceil', 'f64.floor', 'f64.trunc', 'f64.nearest', 'f64.sqrt', 'f64.add', 'f64.sub', 'f64.mul',
  'f64.div', 'f64.min', 'f64.max', 'f64.copysign',
  'i32.wrap_i64', 'i32.trunc_f32_s', 'i32.trunc_f32_u', 'i32.trunc_f64_s', 'i32.trunc_f64_u', 'i64.extend_i32_s',
  'i64.extend_i32_u', 'i64.trunc_f32_s', 'i64.trunc_f32_u', 'i64.trunc_f64_s', 'i64.trunc_f64_u',
  'f32.convert_i32_s', 'f32.convert_i32_u', 'f32.convert_i64_s', 'f32.convert_i64_u', 'f32.demote_f64',
  'f64.convert_i32_s', 'f64.convert_i32_u', 'f64.convert_i64_s', 'f64.convert_i64_u', 'f64.promote_f32',
  'i32.reinterpret_f32', 'i64.reinterpret_f64', 'f32.reinterpret_i32', 'f64.reinterpret_i64',
  'i32.extend8_s', 'i32.extend16_s', 'i64.extend8_s', 'i64.extend16_s', 'i64.extend32_s',
];
plain.forEach((name, i) => def(0x45 + i, name));
def(0xd0, 'ref.null', 'reftype'); def(0xd1, 'ref.is_null'); def(0xd2, 'ref.func', 'func');

const sat = ['i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u', 'i32.trunc_sat_f64_s', 'i32.trunc_sat_f64_u',
  'i64.trunc_sat_f32_s', 'i64.trunc_sat_f32_u', 'i64.trunc_sat_f64_s', 'i64.trunc_sat_f64_u'];
sat.forEach((name, i) => def(0xfc00 + i, name));
def(0xfc08, 'memory.init', 'data_mem'); def(0xfc09, 'data.drop', 'data'); def(0xfc0a, 'memory.copy', 'mem_mem');
def(0xfc0b, 'memory.fill', 'mem'); def(0xfc0c, 'table.init', 'elem_table'); def(0xfc0d, 'elem.drop', 'elem');
def(0xfc0e, 'table.copy', 'table_table'); def(0xfc0f, 'table.grow', 'table'); def(0xfc10, 'table.size', 'table');
def(0xfc11, 'table.fill', 'table');

export function opInfo(op: number): OpInfo | undefined { return table.get(op); }
export function opName(op: number): string { return table.get(op)?.name ?? `<0x${op.toString(16)}>`; }
