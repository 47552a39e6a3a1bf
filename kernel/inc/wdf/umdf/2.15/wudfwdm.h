/*
 * wudfwdm.h - the kernel-side types a UMDF 2 driver meets through the WDF
 * API (NTSTATUS, UNICODE_STRING, POOL_TYPE, the opaque WDM objects...).
 * A user-mode build has <windows.h> instead of <ntdef.h>/<wdm.h>, so the
 * pieces of those the framework's signatures need are provided here; the
 * WDM objects stay opaque, as a UMDF driver never dereferences them.
 */
#ifndef _WUDFWDM_H_
#define _WUDFWDM_H_

/* C/C++ linkage brackets the WDF and driver headers use. */
#ifndef EXTERN_C
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#endif
#ifndef EXTERN_C_START
#ifdef __cplusplus
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C_START
#define EXTERN_C_END
#endif
#endif

/* Member alignment hint ntdef.h gives kernel code; nothing on wasm32. */
#ifndef POINTER_ALIGNMENT
#define POINTER_ALIGNMENT
#endif

/* ---- status values ---- */

typedef _Return_type_success_(return >= 0) LONG NTSTATUS;
typedef NTSTATUS *PNTSTATUS;

#ifndef NT_SUCCESS
#define NT_SUCCESS(Status)       (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status)   ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status)       ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status)         ((((ULONG)(Status)) >> 30) == 3)
#endif

/* winnt.h gives a few STATUS_ names as DWORDs for the Win32 wait API;
 * ntstatus.h redefines them as NTSTATUS values, so drop the DWORD forms. */
#ifndef WIN32_NO_STATUS
#undef STATUS_WAIT_0
#undef STATUS_ABANDONED_WAIT_0
#undef STATUS_USER_APC
#undef STATUS_TIMEOUT
#undef STATUS_PENDING
#endif
#include <ntstatus.h>

/* ---- strings ---- */

#ifndef _NTDEF_
typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef ULONG LCID, *PLCID;
#endif

/* ---- the WDM objects, opaque in user mode ---- */

typedef struct _DRIVER_OBJECT *PDRIVER_OBJECT;
typedef struct _DEVICE_OBJECT *PDEVICE_OBJECT;
typedef struct _FILE_OBJECT *PFILE_OBJECT;
typedef struct _IRP *PIRP;
typedef struct _MDL *PMDL;
typedef struct _IO_SECURITY_CONTEXT *PIO_SECURITY_CONTEXT;

typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

/* The UMDF host calls DriverEntry with this shape, as the kernel does. */
typedef
_Function_class_(DRIVER_INITIALIZE)
_IRQL_requires_same_
NTSTATUS
DRIVER_INITIALIZE(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    );
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;

/* ---- enumerations used in WDF signatures ---- */

typedef CCHAR KPROCESSOR_MODE;

typedef enum _MODE {
    KernelMode,
    UserMode,
    MaximumMode
} MODE;

/* UMDF accepts these for WdfMemoryCreate and ignores the paged/nonpaged
 * distinction (all user-mode memory is pageable). */
typedef enum _POOL_TYPE {
    NonPagedPool,
    NonPagedPoolExecute = NonPagedPool,
    PagedPool,
    NonPagedPoolMustSucceed = NonPagedPool + 2,
    DontUseThisType,
    NonPagedPoolCacheAligned = NonPagedPool + 4,
    PagedPoolCacheAligned,
    NonPagedPoolCacheAlignedMustS = NonPagedPool + 6,
    MaxPoolType,
    NonPagedPoolNx = 512,
} POOL_TYPE;

typedef enum _DEVICE_RELATION_TYPE {
    BusRelations,
    EjectionRelations,
    PowerRelations,
    RemovalRelations,
    TargetDeviceRelation,
    SingleBusRelations,
    TransportRelations
} DEVICE_RELATION_TYPE, *PDEVICE_RELATION_TYPE;

typedef enum _DEVICE_REGISTRY_PROPERTY {
    DevicePropertyDeviceDescription = 0x0,
    DevicePropertyHardwareID = 0x1,
    DevicePropertyCompatibleIDs = 0x2,
    DevicePropertyBootConfiguration = 0x3,
    DevicePropertyBootConfigurationTranslated = 0x4,
    DevicePropertyClassName = 0x5,
    DevicePropertyClassGuid = 0x6,
    DevicePropertyDriverKeyName = 0x7,
    DevicePropertyManufacturer = 0x8,
    DevicePropertyFriendlyName = 0x9,
    DevicePropertyLocationInformation = 0xa,
    DevicePropertyPhysicalDeviceObjectName = 0xb,
    DevicePropertyBusTypeGuid = 0xc,
    DevicePropertyLegacyBusType = 0xd,
    DevicePropertyBusNumber = 0xe,
    DevicePropertyEnumeratorName = 0xf,
    DevicePropertyAddress = 0x10,
    DevicePropertyUINumber = 0x11,
    DevicePropertyInstallState = 0x12,
    DevicePropertyRemovalPolicy = 0x13,
    DevicePropertyResourceRequirements = 0x14,
    DevicePropertyAllocatedResources = 0x15,
    DevicePropertyContainerID = 0x16
} DEVICE_REGISTRY_PROPERTY;

/* Which registry key WdfDeviceOpenRegistryKey opens. */
#ifndef PLUGPLAY_REGKEY_DEVICE
#define PLUGPLAY_REGKEY_DEVICE            1
#define PLUGPLAY_REGKEY_DRIVER            2
#define PLUGPLAY_REGKEY_CURRENT_HWPROFILE 4
#endif

/* Create dispositions and options for opening an I/O target by name. */
#ifndef FILE_OPEN
#define FILE_SUPERSEDE    0x00000000
#define FILE_OPEN         0x00000001
#define FILE_CREATE       0x00000002
#define FILE_OPEN_IF      0x00000003
#define FILE_OVERWRITE    0x00000004
#define FILE_OVERWRITE_IF 0x00000005
#endif
#ifndef FILE_NON_DIRECTORY_FILE
#define FILE_NON_DIRECTORY_FILE 0x00000040
#endif

#endif /* _WUDFWDM_H_ */
