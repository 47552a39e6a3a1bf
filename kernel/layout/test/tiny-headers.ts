// A tiny stand-in for the WDK headers and a probe over it, for testing the layout derivation end to end.
export const TINY_WDM_H = `
#pragma once
typedef unsigned long ULONG;
typedef long LONG;
typedef long long LONGLONG;
typedef unsigned short USHORT;
typedef short CSHORT;
typedef unsigned char UCHAR;
typedef LONG NTSTATUS;
typedef unsigned short WCHAR;
typedef unsigned long ULONG_PTR;
#define IRP_MJ_CREATE 0x00
#define IRP_MJ_READ 0x03
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)
typedef struct _LIST_ENTRY { struct _LIST_ENTRY *Flink, *Blink; } LIST_ENTRY, *PLIST_ENTRY;
typedef struct _UNICODE_STRING { USHORT Length; USHORT MaximumLength; WCHAR *Buffer; } UNICODE_STRING;
typedef struct _IO_STATUS_BLOCK { union { NTSTATUS Status; void *Pointer; }; ULONG_PTR Information; } IO_STATUS_BLOCK;
typedef enum _POOL_TYPE { NonPagedPool = 0, PagedPool = 1, NonPagedPoolNx = 512 } POOL_TYPE;
typedef struct _IO_STACK_LOCATION {
  UCHAR MajorFunction;
  UCHAR MinorFunction;
  UCHAR Flags;
  union {
    struct { ULONG Length; ULONG Key; LONGLONG ByteOffset; } Read;
    struct { ULONG OutputBufferLength; ULONG InputBufferLength; ULONG IoControlCode; void *Type3InputBuffer; } DeviceIoControl;
  } Parameters;
  ULONG Control : 8;
  ULONG Pending : 1;
} IO_STACK_LOCATION;
typedef struct _IRP {
  CSHORT Type;
  USHORT Size;
  IO_STATUS_BLOCK IoStatus;
  LIST_ENTRY ThreadListEntry;
  void *MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
  union { struct { LIST_ENTRY ListEntry; IO_STACK_LOCATION *CurrentStackLocation; } Overlay; } Tail;
} IRP;
`;

export const TINY_PROBE_C = `
#include <wdm.h>
#include <stddef.h>
#define LAYOUT_CONSTANT(n) LayoutConstant_##n = (n)
enum _LAYOUT_CONSTANTS {
  LAYOUT_CONSTANT(IRP_MJ_CREATE), LAYOUT_CONSTANT(IRP_MJ_READ), LAYOUT_CONSTANT(STATUS_SUCCESS),
  LAYOUT_CONSTANT(STATUS_UNSUCCESSFUL),
  /* offsetof/sizeof as C computes them: the test checks the DWARF-derived table against these. */
  LayoutConstant_CHECK_IRP_SIZE = sizeof(IRP),
  LayoutConstant_CHECK_IRP_IoStatus_Status = offsetof(IRP, IoStatus.Status),
  LayoutConstant_CHECK_IRP_IoStatus_Information = offsetof(IRP, IoStatus.Information),
  LayoutConstant_CHECK_IRP_Tail_Overlay_CurrentStackLocation = offsetof(IRP, Tail.Overlay.CurrentStackLocation),
  LayoutConstant_CHECK_IO_STACK_LOCATION_Parameters_Read_ByteOffset = offsetof(IO_STACK_LOCATION, Parameters.Read.ByteOffset),
  LayoutConstant_CHECK_IO_STACK_LOCATION_Parameters_DeviceIoControl_IoControlCode = offsetof(IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode),
  LayoutConstant_CHECK_UNICODE_STRING_Buffer = offsetof(UNICODE_STRING, Buffer),
};
/* One object of each structure, so their full definitions reach the DWARF. */
struct LAYOUT_PROBE { IRP Irp; IO_STACK_LOCATION Stack; UNICODE_STRING String; POOL_TYPE PoolType; enum _LAYOUT_CONSTANTS Constants; };
__attribute__((used)) struct LAYOUT_PROBE LayoutProbe;
`;
