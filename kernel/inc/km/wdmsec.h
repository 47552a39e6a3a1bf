/*
 * wdmsec.h - creating device objects with an explicit security descriptor, written
 * in SDDL. Drivers that create named devices use it so that only the intended
 * callers can open them. The routines and the SDDL strings live in the static
 * library wdmsec.lib (ours: kernel/lib/wdmsec/wdmsec.c), linked into the driver.
 */
#ifndef _WDMSEC_H_
#define _WDMSEC_H_
#pragma once

#include <wdm.h>

EXTERN_C_START

/* The SDDL strings, defined in wdmsec.lib (ours: kernel/lib/wdmsec/wdmsec.c); pass their address. */
extern const UNICODE_STRING SDDL_DEVOBJ_KERNEL_ONLY;
extern const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL;
extern const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_ALL;
extern const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RX;
extern const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R;
extern const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R;
extern const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX;

/* The library's routines (wdmsec.lib, linked into the image); drivers call them by their Io/Rtl names. */
NTSTATUS WdmlibIoCreateDeviceSecure(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG DeviceExtensionSize,
    _In_opt_ PUNICODE_STRING DeviceName, _In_ DEVICE_TYPE DeviceType, _In_ ULONG DeviceCharacteristics,
    _In_ BOOLEAN Exclusive, _In_ PCUNICODE_STRING DefaultSDDLString, _In_opt_ LPCGUID DeviceClassGuid,
    _Out_ PDEVICE_OBJECT *DeviceObject);
NTSTATUS WdmlibIoValidateDeviceIoControlAccess(_In_ PIRP Irp, _In_ ULONG RequiredAccess);
NTSTATUS WdmlibRtlInitUnicodeStringEx(_Out_ PUNICODE_STRING DestinationString, _In_opt_z_ PCWSTR SourceString);

#define IoCreateDeviceSecure            WdmlibIoCreateDeviceSecure
#define IoValidateDeviceIoControlAccess WdmlibIoValidateDeviceIoControlAccess

EXTERN_C_END

#endif /* _WDMSEC_H_ */
