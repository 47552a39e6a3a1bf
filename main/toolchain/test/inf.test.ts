import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInf } from '../inf/parse.ts';
import { verifyInf } from '../inf/verify.ts';
import { stampInf, driverVer } from '../inf/stamp.ts';

const GOOD = `; comment line
[Version]
Signature   = "$WINDOWS NT$"   ; trailing comment
Class       = Sample
ClassGuid   = {78A1C341-4539-11d3-B88D-00C04FAD5171}
Provider    = %Mfg%
DriverVer   =

[Manufacturer]
%Mfg% = Std, NT$ARCH$

[Std.NT$ARCH$]
%Dev.Desc% = Echo_Device, Root\\ECHO, \\
   Root\\ECHO_COMPAT

[Echo_Device.NT]
CopyFiles = Drivers_Dir

[Drivers_Dir]
Echo.sys

[Echo_Device.NT.Services]
AddService = ECHO, 0x00000002, Echo_Service

[Echo_Service]
ServiceType   = 1
ServiceBinary = %13%\\Echo.sys

[Strings]
Mfg = "Driver ""Lab"" Inc; not a comment"
Dev.Desc = "Sample Echo Device"
`;

test('parses sections, quoted values, comments, continuation, strings and $ARCH$', () => {
  const inf = parseInf(GOOD, { arch: 'amd64' });
  assert.equal(inf.value('version', 'signature'), '$WINDOWS NT$');
  assert.equal(inf.value('Version', 'Provider'), 'Driver "Lab" Inc; not a comment');
  const models = inf.section('Std.NTamd64');
  assert.ok(models, 'models section with $ARCH$ expanded');
  assert.deepEqual(models.entries[0].values, ['Echo_Device', 'Root\\ECHO', 'Root\\ECHO_COMPAT']);
  assert.equal(models.entries[0].key, 'Sample Echo Device');
  assert.equal(models.entries[0].line, 13);
  assert.equal(inf.value('Echo_Service', 'ServiceBinary'), '%13%\\Echo.sys', 'dirids stay for the installer');
  assert.equal(inf.problems.length, 0);
  assert.equal(parseInf('[A]\nx=%Nope%\n').problems[0].line, 2);
});

test('InfVerif accepts a good INF and says it is universal', () => {
  const r = verifyInf(parseInf(GOOD, { arch: 'amd64' }), { packageFiles: ['Echo.sys', 'Echo.inf'] });
  assert.deepEqual(r.issues, []);
  assert.equal(r.universal, true);
});

test('InfVerif: missing [Version], bad Signature, install section missing, ServiceBinary not built', () => {
  const check = (text: string, files = ['Echo.sys']) => verifyInf(parseInf(text, { arch: 'amd64' }), { packageFiles: files }).issues;
  const noVersion = check(GOOD.replace('[Version]', '[Versio]'));
  assert.equal(noVersion[0].code, 1001);
  const badSig = check(GOOD.replace('$WINDOWS NT$', '$Windows 3.1$'));
  assert.deepEqual([badSig[0].code, badSig[0].line], [1001, 3]);
  const noInstall = check(GOOD.replace('%Dev.Desc% = Echo_Device', '%Dev.Desc% = Echo_Devise'));
  assert.deepEqual([noInstall[0].code, noInstall[0].line], [1203, 13]);
  assert.match(noInstall[0].message, /Echo_Devise/);
  const wrongBinary = check(GOOD, ['Other.sys']);
  assert.deepEqual([wrongBinary[0].code, wrongBinary[0].line], [2084, 27]);
  const noServiceSection = check(GOOD.replace('[Echo_Service]', '[Echo_Svc]'));
  assert.deepEqual([noServiceSection[0].code, noServiceSection[0].line], [1203, 23]);
});

test('stampinf stamps DriverVer and expands $ARCH$ and framework versions', () => {
  const date = new Date(2024, 2, 5, 14, 7, 9, 42);
  const out = stampInf(GOOD + '[X.Wdf]\nKmdfLibraryVersion = $KMDFVERSION$\nUmdfLibraryVersion=$UMDFVERSION$\n', { date });
  assert.match(out, /^DriverVer = 03\/05\/2024,14\.7\.9\.42$/m);
  assert.match(out, /\[Std\.NTamd64\]/);
  assert.match(out, /KmdfLibraryVersion = 1\.15/);
  assert.match(out, /UmdfLibraryVersion=2\.15/);
  assert.equal(out.split('\n').length, (GOOD + '[X.Wdf]\nKmdfLibraryVersion = $KMDFVERSION$\nUmdfLibraryVersion=$UMDFVERSION$\n').split('\n').length, 'line numbers unchanged');
  const added = stampInf('[Version]\nSignature="$Windows NT$"\n\n[Strings]\n', { date, version: '1.2.3.4' });
  assert.equal(parseInf(added).value('Version', 'DriverVer'), '03/05/2024');
  assert.deepEqual(parseInf(added).lines('Version', 'DriverVer')[0].values, ['03/05/2024', '1.2.3.4']);
  assert.equal(driverVer(date, '9.9'), '03/05/2024,9.9');
});
