// The object directory publisher: nt!ObpRootDirectoryObject, the namespace tree !object reads (ntdata-ob.ts).
// Objects with a body in system memory are published at it; directories, symbolic links and object types our
// object manager keeps without one get a small pool block the first time they are published (freed when the
// object leaves the namespace), so every address !object prints is a real allocation.
import { encodeObjects, OBP_ROOT_DIRECTORY_OBJECT, type ObjectRecord } from '../../../../main/formats/kd/ntdata-ob.ts';
import { toVA } from '../../../../main/machine/memory.ts';
import type { Kernel } from '../../kernel.ts';
import type { ObjectHeader } from '../../ob/namespace.ts';
import type { KdPublisher } from './publishers.ts';
import { TABLE_HEADER_SIZE, writeTable } from './publish-table.ts';

/** Pool tags of the bodies given to objects that have none (as Windows tags directory and link objects). */
const BODY_TAG: Record<string, string> = { Directory: 'Dire', SymbolicLink: 'Symb' };

interface Bodies { objects: Map<ObjectHeader, number>; types: Map<string, number> }
const bodiesOf = new WeakMap<Kernel, Bodies>();

function refresh(k: Kernel, at: (name: string) => number): void {
  let b = bodiesOf.get(k);
  if (!b) bodiesOf.set(k, b = { objects: new Map(), types: new Map() });
  const bodies = b;
  for (const h of k.ob.byBody.values()) if (h.type === 'Type' && h.name && !bodies.types.has(h.name)) bodies.types.set(h.name, h.body);
  const typeAddress = (type: string): bigint => {
    let a = bodies.types.get(type);
    if (a === undefined) { a = k.pool.allocate(16, 'ObjT'); if (a === undefined) return 0n; bodies.types.set(type, a); }
    return toVA(a);
  };
  const seen = new Set<ObjectHeader>();
  const address = (h: ObjectHeader): bigint => {
    if (h.body) return toVA(h.body);
    seen.add(h);
    let a = bodies.objects.get(h);
    if (a === undefined) { a = k.pool.allocate(0x40, BODY_TAG[h.type] ?? 'ObNm'); if (a === undefined) return 0n; bodies.objects.set(h, a); }
    return toVA(a);
  };
  const out: ObjectRecord[] = [];
  const visit = (h: ObjectHeader, parent: number): void => {
    const i = out.length;
    const link = k.ob.linkOf(h);
    out.push({ address: address(h), typeAddress: typeAddress(h.type), type: h.type, name: h.name ?? '', parent, pointerCount: h.pointerCount, handleCount: h.handleCount, target: link?.target });
    const dir = k.ob.directoryOf(h);
    if (dir) for (const e of dir.entries.values()) visit(e, i);
  };
  visit(k.ob.root.header, -1);
  for (const [h, a] of bodies.objects) if (!seen.has(h)) { k.pool.free(a); bodies.objects.delete(h); }
  writeTable(k, at(OBP_ROOT_DIRECTORY_OBJECT), encodeObjects(out));
}

export const obPublisher: KdPublisher = { file: 'ntoskrnl.exe', symbols: [{ name: OBP_ROOT_DIRECTORY_OBJECT, size: TABLE_HEADER_SIZE }], refresh };
