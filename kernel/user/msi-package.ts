// A Windows Installer package as our msiexec reads it: the compound-file signature real .msi files start with,
// then the package's tables in our own JSON form (product properties, directories to create, files with their
// contents, services to register and start). Packages are made by whoever ships them (the WDK's Test Target Setup
// in kernel/boot/agent/msi.ts); msiexec knows nothing of any one product.

/** The OLE compound file signature every .msi starts with. */
export const MSI_SIGNATURE = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);

export interface MsiService { name: string; displayName: string; image: string; type: number; start: number }
export interface MsiPackage {
  productName: string; productVersion: string; manufacturer: string; productCode: string;
  directories: string[];
  files: { path: string; text: string }[];
  services: MsiService[];
}

export function encodeMsi(p: MsiPackage): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify(p));
  const out = new Uint8Array(MSI_SIGNATURE.length + body.length);
  out.set(MSI_SIGNATURE);
  out.set(body, MSI_SIGNATURE.length);
  return out;
}

/** The package, or undefined when the bytes are not a package we can open. */
export function decodeMsi(bytes: Uint8Array): MsiPackage | undefined {
  if (bytes.length < MSI_SIGNATURE.length || MSI_SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  try {
    const p = JSON.parse(new TextDecoder().decode(bytes.subarray(MSI_SIGNATURE.length))) as MsiPackage;
    return typeof p.productName === 'string' && Array.isArray(p.files) && Array.isArray(p.services) && Array.isArray(p.directories) ? p : undefined;
  } catch { return undefined; }
}
