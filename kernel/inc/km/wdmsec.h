/*
 * wdmsec.h - creating device objects with an explicit security descriptor, written
 * in SDDL. Drivers that create named devices use it so that only the intended
 * callers can open them. (On Windows this is the static library wdmsec.lib; here the
 * kernel exports the routines.)
 */
#ifndef _WDMSEC_H_
#define _WDMSEC_H_
#pragma once

#include <wdm.h>

EXTERN_C_START

/* Kernel only (no user-mode access). */
#define SDDL_DEVOBJ_KERNEL_ONLY                        L"D:P"
/* System: all; nobody else. */
#define SDDL_DEVOBJ_SYS_ALL                            L"D:P(A;;GA;;;SY)"
/* System and Administrators: all. */
#define SDDL_DEVOBJ_SYS_ALL_ADM_ALL                    L"D:P(A;;GA;;;SY)(A;;GA;;;BA)"
/* System: all; Administrators: read and execute. */
#define SDDL_DEVOBJ_SYS_ALL_ADM_RX                     L"D:P(A;;GA;;;SY)(A;;GRGX;;;BA)"
/* System: all; Administrators: read, write, execute; Everyone: read. */
#define SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R            L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)"
/* ...; Everyone: read and write; restricted code: read. */
#define SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R     L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)"
/* ...; Everyone and restricted code: read, write, execute. */
#define SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX  L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGWGX;;;WD)(A;;GRGWGX;;;RC)"

NTKERNELAPI NTSTATUS NTAPI IoCreateDeviceSecure(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG DeviceExtensionSize,
    _In_opt_ PUNICODE_STRING DeviceName, _In_ DEVICE_TYPE DeviceType, _In_ ULONG DeviceCharacteristics,
    _In_ BOOLEAN Exclusive, _In_ PCUNICODE_STRING DefaultSDDLString, _In_opt_ LPCGUID DeviceClassGuid,
    _Out_ PDEVICE_OBJECT *DeviceObject);
NTKERNELAPI NTSTATUS NTAPI IoValidateDeviceIoControlAccess(_In_ PIRP Irp, _In_ ULONG RequiredAccess);

EXTERN_C_END

#endif /* _WDMSEC_H_ */
