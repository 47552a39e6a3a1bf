// Test signing: the lab's test certificate (an Ed25519 key pair in assets/certs/) signs a catalog listing the
// SHA-256 of every file in the driver package, as Inf2Cat + signtool make a .cat signed with "WDKTestCert".
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './clang.ts';

export const certDir = path.join(repoRoot, 'assets', 'certs');
const certFile = path.join(certDir, 'WDKTestCert.cer.json');   // public part: what the target trusts
const keyFile = path.join(certDir, 'WDKTestCert.key.pem');     // private key: stays on the host

export interface TestCertificate { subject: string; thumbprint: string; publicKey: string; notBefore: string }
export interface CatalogFile { format: 'DriverLab.Catalog/1'; os: string; created: string; signer: string; thumbprint: string; members: Record<string, string>; signature: string }
export interface CatalogCheck { ok: boolean; signer?: string; thumbprint?: string; reason?: string }

const thumb = (k: KeyObject) => createHash('sha1').update(k.export({ type: 'spki', format: 'der' })).digest('hex').toUpperCase();

/** The lab test certificate; made once (and kept in assets/certs/) if it is not there yet. */
export function testCertificate(): { cert: TestCertificate; key: KeyObject } {
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(certDir, { recursive: true });
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const cert: TestCertificate = {
      subject: 'WDKTestCert DriverLab', thumbprint: thumb(publicKey),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), notBefore: new Date().toISOString(),
    };
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileSync(certFile, JSON.stringify(cert, null, 2) + '\n');
  }
  return { cert: JSON.parse(readFileSync(certFile, 'utf8')) as TestCertificate, key: createPrivateKey(readFileSync(keyFile, 'utf8')) };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').toUpperCase();
/** The bytes the signature covers: every field but the signature, in a fixed order. */
const signedBytes = (c: Omit<CatalogFile, 'signature'>) =>
  Buffer.from(JSON.stringify([c.format, c.os, c.created, c.signer, c.thumbprint, Object.entries(c.members).sort()]));

/** Make a signed catalog over the package files (names are matched without case, as on Windows). */
export function makeCatalog(files: Record<string, Uint8Array>, os = '10_X64'): Uint8Array {
  const { cert, key } = testCertificate();
  const members: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) members[name.toLowerCase()] = sha256(bytes);
  const body = { format: 'DriverLab.Catalog/1' as const, os, created: new Date().toISOString(), signer: cert.subject, thumbprint: cert.thumbprint, members };
  const signature = sign(null, signedBytes(body), key).toString('base64');
  return new TextEncoder().encode(JSON.stringify({ ...body, signature }, null, 2) + '\n');
}

/**
 * Check a catalog as the target's installer does: the signature must verify with a trusted certificate (by default
 * the lab's test certificate) and every package file must be listed with its hash.
 */
export function verifyCatalog(catBytes: Uint8Array, files: Record<string, Uint8Array>, trusted: TestCertificate[] = [testCertificate().cert]): CatalogCheck {
  let cat: CatalogFile;
  try { cat = JSON.parse(new TextDecoder().decode(catBytes)) as CatalogFile; } catch { return { ok: false, reason: 'The catalog file is not valid.' }; }
  if (cat.format !== 'DriverLab.Catalog/1' || typeof cat.members !== 'object' || typeof cat.signature !== 'string') return { ok: false, reason: 'The catalog file is not valid.' };
  const cert = trusted.find((c) => c.thumbprint === cat.thumbprint);
  if (!cert) return { ok: false, signer: cat.signer, reason: 'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.' };
  const { signature, ...body } = cat;
  if (!verify(null, signedBytes(body), createPublicKey(cert.publicKey), Buffer.from(signature, 'base64'))) {
    return { ok: false, signer: cert.subject, thumbprint: cert.thumbprint, reason: 'The digital signature of the object did not verify.' };
  }
  for (const [name, bytes] of Object.entries(files)) {
    if (/\.cat$/i.test(name)) continue;
    if (cat.members[name.toLowerCase()] !== sha256(bytes)) {
      return { ok: false, signer: cert.subject, thumbprint: cert.thumbprint, reason: `The hash for the file '${name}' is not present in the specified catalog file. The file is likely corrupt or the victim of tampering.` };
    }
  }
  return { ok: true, signer: cert.subject, thumbprint: cert.thumbprint };
}
