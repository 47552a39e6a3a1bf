/*
 * wdmsec.c - our wdmsec.lib: IoCreateDeviceSecure and friends, and the SDDL
 * strings (security descriptors for device objects as counted strings a driver
 * passes by address: &SDDL_DEVOBJ_SYS_ALL_ADM_ALL). Linked into every
 * kernel-mode image, as the WDK's default link inputs do; only what an image
 * uses stays in it.
 */
#include <ntddk.h>
#include <wdmsec.h>

/* Kernel only: no ACE, so no user-mode caller opens the device. */
const UNICODE_STRING SDDL_DEVOBJ_KERNEL_ONLY = RTL_CONSTANT_STRING(L"D:P");
/* System: all; nobody else. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)");
/* System and Administrators: all. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_ALL = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");
/* System: all; Administrators: read and execute. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RX = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGX;;;BA)");
/* System: all; Administrators: read, write, execute; Everyone: read. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)");
/* ...; Everyone: read and write; restricted code: read. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R =
    RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)");
/* ...; Everyone and restricted code: read, write, execute. */
const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX =
    RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGWGX;;;WD)(A;;GRGWGX;;;RC)");

/*
 * IoCreateDeviceSecure: the device object, created with the descriptor the SDDL string gives. An SDDL string
 * must begin with its DACL ("D:"). Our object manager keeps no descriptors on device objects yet, so the string
 * is checked but not applied: every caller of the lab is System or an administrator, whom all of the SDDL_DEVOBJ_*
 * strings admit.
 */
NTSTATUS WdmlibIoCreateDeviceSecure(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PUNICODE_STRING DeviceName,
    DEVICE_TYPE DeviceType, ULONG DeviceCharacteristics, BOOLEAN Exclusive, PCUNICODE_STRING DefaultSDDLString,
    LPCGUID DeviceClassGuid, PDEVICE_OBJECT *DeviceObject)
{
    UNREFERENCED_PARAMETER(DeviceClassGuid);
    if (DefaultSDDLString == NULL || DefaultSDDLString->Buffer == NULL || DefaultSDDLString->Length < 2 * sizeof(WCHAR) ||
        DefaultSDDLString->Buffer[0] != L'D' || DefaultSDDLString->Buffer[1] != L':') {
        return STATUS_INVALID_PARAMETER;
    }
    return IoCreateDevice(DriverObject, DeviceExtensionSize, DeviceName, DeviceType, DeviceCharacteristics, Exclusive,
                          DeviceObject);
}

/* IoValidateDeviceIoControlAccess: a request from kernel mode has every access; a user-mode one here comes from an
 * administrator, whom the descriptors above grant read and write. */
NTSTATUS WdmlibIoValidateDeviceIoControlAccess(PIRP Irp, ULONG RequiredAccess)
{
    if (RequiredAccess & ~(FILE_READ_ACCESS | FILE_WRITE_ACCESS)) return STATUS_INVALID_PARAMETER;
    UNREFERENCED_PARAMETER(Irp);
    return STATUS_SUCCESS;
}

/* Down-level images carried their own; ntoskrnl has had RtlInitUnicodeStringEx for long. */
NTSTATUS WdmlibRtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    return RtlInitUnicodeStringEx(DestinationString, SourceString);
}
