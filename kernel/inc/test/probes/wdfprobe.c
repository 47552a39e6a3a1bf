/*
 * wdfprobe.c - compile-time checks of the WDF headers, built by wdf.test.ts
 * for KMDF and UMDF. Each _Static_assert states a fact the headers promise.
 */
#ifdef WDF_PROBE_UMDF
#include <windows.h>
#else
#include <ntddk.h>
#endif
#include <wdf.h>

/* The "no value" placeholders are null pointers. */
_Static_assert(WDF_NO_HANDLE == NULL, "WDF_NO_HANDLE is NULL");
_Static_assert(WDF_NO_OBJECT_ATTRIBUTES == NULL, "WDF_NO_OBJECT_ATTRIBUTES is NULL");
_Static_assert(WDF_NO_CONTEXT == NULL, "WDF_NO_CONTEXT is NULL");

/* Handles are distinct pointer types, and WDFOBJECT accepts any of them. */
_Static_assert(!__builtin_types_compatible_p(WDFDEVICE, WDFQUEUE), "typed handles differ");
_Static_assert(__builtin_types_compatible_p(WDFOBJECT, void *), "WDFOBJECT is a HANDLE");

/* Enum values the framework and the debugger rely on. */
_Static_assert(WdfUseDefault == 2 && WdfTrue == 1 && WdfFalse == 0, "WDF_TRI_STATE");
_Static_assert(WdfIoQueueDispatchSequential == 1 && WdfIoQueueDispatchParallel == 2 &&
               WdfIoQueueDispatchManual == 3, "WDF_IO_QUEUE_DISPATCH_TYPE");
_Static_assert(WdfDeviceIoBuffered == 2 && WdfDeviceIoDirect == 3, "WDF_DEVICE_IO_TYPE");
_Static_assert(WdfSynchronizationScopeQueue == 3 && WdfExecutionLevelDispatch == 3, "sync/exec levels");
_Static_assert(WdfRequestTypeRead == 3 && WdfRequestTypeWrite == 4 &&
               WdfRequestTypeDeviceControl == 0xe, "WDF_REQUEST_TYPE follows IRP_MJ_*");
_Static_assert(WdfPowerDeviceD0 == 1 && WdfPowerDeviceD3Final == 5, "WDF_POWER_DEVICE_STATE");
_Static_assert(WDF_VIOLATION == 0x10D && WDF_REQUEST_FATAL_ERROR == 6 &&
               WDF_VERIFIER_CRITICAL_REGION_MISMATCH == 0xF, "WDF_VIOLATION sub-codes");
_Static_assert(STATUS_WDF_PAUSED == (NTSTATUS)0xC0200203L, "wdfstatus.h");

/* A relative time-out is negative, in 100 ns units. */
_Static_assert(WDF_TIMEOUT_TO_MS == 10000, "100 ns units");

/* The driver globals keep the name length the framework copies into. */
_Static_assert(sizeof(((WDF_DRIVER_GLOBALS *)0)->DriverName) == WDF_DRIVER_GLOBALS_NAME_LEN, "name length");

/* The framework the image binds to, chosen by the include tree. */
#ifdef WDF_PROBE_UMDF
_Static_assert(sizeof(WDF_FRAMEWORK_MODULE) == sizeof("WUDFx02000.dll"), "UMDF module");
_Static_assert(WDF_IS_UMDF && !WDF_IS_KMDF, "UMDF tree");
#else
_Static_assert(sizeof(WDF_FRAMEWORK_MODULE) == sizeof("Wdf01000.sys"), "KMDF module");
_Static_assert(WDF_IS_KMDF && !WDF_IS_UMDF, "KMDF tree");
#endif

typedef struct _PROBE_CONTEXT { ULONG Value; } PROBE_CONTEXT, *PPROBE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PROBE_CONTEXT, ProbeGetContext)

/* The _INIT helpers run at run time; the test calls these exports and reads
 * the results back from memory. */
__attribute__((export_name("probe_driver_config")))
ULONG ProbeDriverConfig(PWDF_DRIVER_CONFIG Config, PFN_WDF_DRIVER_DEVICE_ADD Add)
{
    WDF_DRIVER_CONFIG_INIT(Config, Add);
    return sizeof(WDF_DRIVER_CONFIG);
}

__attribute__((export_name("probe_queue_config")))
ULONG ProbeQueueConfig(PWDF_IO_QUEUE_CONFIG Config)
{
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(Config, WdfIoQueueDispatchParallel);
    return sizeof(WDF_IO_QUEUE_CONFIG);
}

__attribute__((export_name("probe_attributes")))
ULONG ProbeAttributes(PWDF_OBJECT_ATTRIBUTES Attributes)
{
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(Attributes, PROBE_CONTEXT);
    return sizeof(WDF_OBJECT_ATTRIBUTES);
}

__attribute__((export_name("probe_context_info")))
PCWDF_OBJECT_CONTEXT_TYPE_INFO ProbeContextInfo(VOID)
{
    return WDF_GET_CONTEXT_TYPE_INFO(PROBE_CONTEXT);
}

__attribute__((export_name("probe_get_context")))
PPROBE_CONTEXT ProbeGetContextOf(WDFOBJECT Object)
{
    return ProbeGetContext(Object);
}

__attribute__((export_name("probe_rel_timeout_ms")))
LONGLONG ProbeRelTimeoutMs(ULONG Ms)
{
    return WDF_REL_TIMEOUT_IN_MS(Ms);
}
