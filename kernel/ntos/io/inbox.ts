// In-box drivers that are ours in TypeScript (the UMDF reflector WUDFRd.sys): Windows ships them signed in
// System32\drivers, so the loader finds their images there even on a disk that holds no such file.
const images = new Map<string, () => Uint8Array>();

/** Registers an in-box image by file name (wudfrd.sys). */
export function registerInboxImage(fileName: string, bytes: () => Uint8Array): void { images.set(fileName.toLowerCase(), bytes); }

/** The in-box image an NT path under System32\drivers names, if any. */
export function inboxImage(ntPath: string): Uint8Array | undefined {
  const m = /\\system32\\drivers\\([^\\]+)$/i.exec(ntPath);
  return m ? images.get(m[1]!.toLowerCase())?.() : undefined;
}
