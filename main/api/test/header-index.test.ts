// The header index reads declarations the way our headers write them: SAL-annotated prototypes, FORCEINLINE
// WDF wrappers (whose import thunks stay hidden), role typedefs, structs with their pointer typedefs, enums,
// macros, and the comment above a declaration as its documentation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexHeaderText } from '../host/header-index.ts';

const HEADER = `
#ifndef _SAMPLE_H_
#define _SAMPLE_H_
// Creates a device object for use by a driver.
NTKERNELAPI
NTSTATUS
NTAPI
IoCreateDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG DeviceExtensionSize,
    _In_opt_ PUNICODE_STRING DeviceName
    );
#ifdef __cplusplus
extern "C" {
#endif
/* A counted UTF-16 string. */
typedef struct _UNICODE_STRING {
  USHORT Length;
  USHORT MaximumLength;
  _Field_size_bytes_(MaximumLength) PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef enum _POOL_TYPE { NonPagedPool = 0, PagedPool } POOL_TYPE;
typedef NTSTATUS DRIVER_INITIALIZE(_In_ struct _DRIVER_OBJECT *DriverObject, _In_ PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;
typedef unsigned long ULONG, *PULONG;
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
__attribute__((import_module("Wdf01000.sys"), import_name("WdfDriverCreate")))
NTSTATUS WdfImp_WdfDriverCreate(PWDF_DRIVER_GLOBALS G, PDRIVER_OBJECT D);
_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDriverCreate(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    if (DriverObject) { return WdfImp_WdfDriverCreate(WdfDriverGlobals, DriverObject); }
    return 0;
}
#ifdef __cplusplus
}
#endif
#endif
`;

const byName = new Map(indexHeaderText(HEADER, 'km/sample.h').map((s) => [s.name, s]));

test('prototypes with SAL and their doc comment', () => {
  const io = byName.get('IoCreateDevice')!;
  assert.equal(io.kind, 'function');
  assert.equal(io.line, 5);
  assert.equal(io.doc, 'Creates a device object for use by a driver.');
  assert.match(io.signature, /IoCreateDevice\(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG DeviceExtensionSize, _In_opt_ PUNICODE_STRING DeviceName\);$/);
});

test('FORCEINLINE wrappers are the routine; their import thunks are not offered', () => {
  assert.equal(byName.get('WdfDriverCreate')?.kind, 'function');
  assert.equal(byName.has('WdfImp_WdfDriverCreate'), false);
  assert.equal(byName.has('if'), false);
});

test('structs, pointer typedefs, enums and enumerators, role typedefs, macros', () => {
  const us = byName.get('UNICODE_STRING')!;
  assert.equal(us.kind, 'struct');
  assert.equal(us.doc, 'A counted UTF-16 string.');
  assert.match(us.signature, /USHORT MaximumLength;/);
  assert.equal(byName.get('PUNICODE_STRING')?.signature, 'typedef struct _UNICODE_STRING *PUNICODE_STRING;');
  assert.equal(byName.get('POOL_TYPE')?.kind, 'enum');
  assert.equal(byName.get('PagedPool')?.kind, 'enumerator');
  assert.equal(byName.get('DRIVER_INITIALIZE')?.kind, 'callback');
  assert.equal(byName.get('PDRIVER_INITIALIZE')?.kind, 'typedef');
  assert.equal(byName.get('PULONG')?.signature, 'typedef unsigned long *PULONG;');
  assert.equal(byName.get('NT_SUCCESS')?.signature, '#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)');
  assert.equal(byName.has('_SAMPLE_H_'), false); // include guards are not symbols
});
