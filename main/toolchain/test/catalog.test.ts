import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { makeCatalog, verifyCatalog, testCertificate } from '../catalog.ts';

const files = () => ({ 'Echo.sys': new Uint8Array([0, 0x61, 0x73, 0x6d, 1]), 'Echo.inf': new TextEncoder().encode('[Version]\n') });

test('a catalog signed with the lab test certificate verifies', () => {
  const cat = makeCatalog(files());
  const r = verifyCatalog(cat, { ...files(), 'echo.cat': cat });
  assert.equal(r.ok, true);
  assert.equal(r.signer, testCertificate().cert.subject);
  assert.match(r.signer!, /^WDKTestCert /);
});

test('a changed file, a changed catalog or an untrusted signer fails', () => {
  const cat = makeCatalog(files());
  const tampered = { ...files(), 'Echo.sys': new Uint8Array([0, 0x61, 0x73, 0x6d, 2]) };
  const r1 = verifyCatalog(cat, tampered);
  assert.equal(r1.ok, false);
  assert.match(r1.reason!, /hash for the file 'Echo.sys' is not present/);
  const json = JSON.parse(new TextDecoder().decode(cat));
  json.members['echo.sys'] = json.members['echo.inf'];
  const r2 = verifyCatalog(new TextEncoder().encode(JSON.stringify(json)), files());
  assert.equal(r2.ok, false);
  assert.match(r2.reason!, /signature/);
  const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const r3 = verifyCatalog(cat, files(), [{ subject: 'Someone', thumbprint: 'AA', publicKey: other, notBefore: '' }]);
  assert.equal(r3.ok, false);
  assert.match(r3.reason!, /not trusted/);
});
