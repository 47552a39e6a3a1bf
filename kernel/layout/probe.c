/*
 * Layout probe. main/toolchain/layouts.ts compiles this file against our WDK headers (kernel/inc) and reads
 * its DWARF: every structure below reaches the debug info with its full definition, and with it every enum its
 * members use. The kernel's TypeScript then reads offsets and constants from that table, never from literals.
 *
 * To make a structure available: add a member of that type to LAYOUT_PROBE.
 * To make a #define available: add LAYOUT_CONSTANT(NAME) to _LAYOUT_CONSTANTS (values as C evaluates them).
 * CHECK_* constants are offsetof/sizeof computed by C; the layout tests compare them with the DWARF.
 */
#include <ntddk.h>
#include <wdf.h>
#include <stddef.h>

#define LAYOUT_CONSTANT(n) LayoutConstant_##n = (n)
#define LAYOUT_CHECK_SIZE(t) LayoutConstant_CHECK_##t##_SIZE = sizeof(t)
#define LAYOUT_CHECK(t, path, name) LayoutConstant_CHECK_##t##_##name = offsetof(t, path)

enum _LAYOUT_CONSTANTS {
  /* IRP major functions */
  LAYOUT_CONSTANT(IRP_MJ_CREATE), LAYOUT_CONSTANT(IRP_MJ_CLOSE), LAYOUT_CONSTANT(IRP_MJ_READ),
  LAYOUT_CONSTANT(IRP_MJ_WRITE), LAYOUT_CONSTANT(IRP_MJ_DEVICE_CONTROL), LAYOUT_CONSTANT(IRP_MJ_INTERNAL_DEVICE_CONTROL),
  LAYOUT_CONSTANT(IRP_MJ_CLEANUP), LAYOUT_CONSTANT(IRP_MJ_POWER), LAYOUT_CONSTANT(IRP_MJ_SYSTEM_CONTROL),
  LAYOUT_CONSTANT(IRP_MJ_PNP), LAYOUT_CONSTANT(IRP_MJ_MAXIMUM_FUNCTION),
  /* PnP minor functions the PnP manager sends */
  LAYOUT_CONSTANT(IRP_MN_START_DEVICE), LAYOUT_CONSTANT(IRP_MN_QUERY_REMOVE_DEVICE), LAYOUT_CONSTANT(IRP_MN_REMOVE_DEVICE),
  LAYOUT_CONSTANT(IRP_MN_STOP_DEVICE), LAYOUT_CONSTANT(IRP_MN_SURPRISE_REMOVAL),
  /* NTSTATUS values */
  LAYOUT_CONSTANT(STATUS_SUCCESS), LAYOUT_CONSTANT(STATUS_PENDING), LAYOUT_CONSTANT(STATUS_UNSUCCESSFUL),
  LAYOUT_CONSTANT(STATUS_NOT_IMPLEMENTED), LAYOUT_CONSTANT(STATUS_INVALID_PARAMETER), LAYOUT_CONSTANT(STATUS_INSUFFICIENT_RESOURCES),
  LAYOUT_CONSTANT(STATUS_INVALID_DEVICE_REQUEST), LAYOUT_CONSTANT(STATUS_BUFFER_TOO_SMALL), LAYOUT_CONSTANT(STATUS_CANCELLED),
  LAYOUT_CONSTANT(STATUS_NOT_SUPPORTED), LAYOUT_CONSTANT(STATUS_OBJECT_NAME_NOT_FOUND), LAYOUT_CONSTANT(STATUS_OBJECT_NAME_COLLISION),
  LAYOUT_CONSTANT(STATUS_ACCESS_DENIED), LAYOUT_CONSTANT(STATUS_DEVICE_NOT_READY), LAYOUT_CONSTANT(STATUS_TIMEOUT),
  /* Device object flags and types */
  LAYOUT_CONSTANT(DO_BUFFERED_IO), LAYOUT_CONSTANT(DO_DIRECT_IO), LAYOUT_CONSTANT(DO_DEVICE_INITIALIZING),
  LAYOUT_CONSTANT(DO_POWER_PAGABLE), LAYOUT_CONSTANT(FILE_DEVICE_UNKNOWN), LAYOUT_CONSTANT(FILE_DEVICE_SECURE_OPEN),
  /* IOCTL encoding */
  LAYOUT_CONSTANT(METHOD_BUFFERED), LAYOUT_CONSTANT(METHOD_IN_DIRECT), LAYOUT_CONSTANT(METHOD_OUT_DIRECT),
  LAYOUT_CONSTANT(METHOD_NEITHER), LAYOUT_CONSTANT(FILE_ANY_ACCESS), LAYOUT_CONSTANT(FILE_READ_DATA), LAYOUT_CONSTANT(FILE_WRITE_DATA),
  /* IRQLs and increments */
  LAYOUT_CONSTANT(PASSIVE_LEVEL), LAYOUT_CONSTANT(APC_LEVEL), LAYOUT_CONSTANT(DISPATCH_LEVEL), LAYOUT_CONSTANT(HIGH_LEVEL),
  LAYOUT_CONSTANT(IO_NO_INCREMENT),
  /* Object attributes */
  LAYOUT_CONSTANT(OBJ_CASE_INSENSITIVE), LAYOUT_CONSTANT(OBJ_KERNEL_HANDLE),

  /* Cross-checks: offsetof/sizeof as C computes them. */
  LAYOUT_CHECK_SIZE(DRIVER_OBJECT), LAYOUT_CHECK_SIZE(DEVICE_OBJECT), LAYOUT_CHECK_SIZE(IRP),
  LAYOUT_CHECK_SIZE(IO_STACK_LOCATION), LAYOUT_CHECK_SIZE(UNICODE_STRING), LAYOUT_CHECK_SIZE(KDPC),
  LAYOUT_CHECK_SIZE(WDF_DRIVER_CONFIG), LAYOUT_CHECK_SIZE(WDF_OBJECT_ATTRIBUTES), LAYOUT_CHECK_SIZE(WDF_IO_QUEUE_CONFIG),
  LAYOUT_CHECK(DRIVER_OBJECT, MajorFunction, MajorFunction),
  LAYOUT_CHECK(DRIVER_OBJECT, DriverUnload, DriverUnload),
  LAYOUT_CHECK(DEVICE_OBJECT, DeviceExtension, DeviceExtension),
  LAYOUT_CHECK(IRP, IoStatus.Status, IoStatus_Status),
  LAYOUT_CHECK(IRP, IoStatus.Information, IoStatus_Information),
  LAYOUT_CHECK(IRP, AssociatedIrp.SystemBuffer, AssociatedIrp_SystemBuffer),
  LAYOUT_CHECK(IRP, Tail.Overlay.CurrentStackLocation, Tail_Overlay_CurrentStackLocation),
  LAYOUT_CHECK(IO_STACK_LOCATION, Parameters.Read.Length, Parameters_Read_Length),
  LAYOUT_CHECK(IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode, Parameters_DeviceIoControl_IoControlCode),
  LAYOUT_CHECK(WDF_DRIVER_CONFIG, EvtDriverDeviceAdd, EvtDriverDeviceAdd),
  LAYOUT_CHECK(WDF_IO_QUEUE_CONFIG, EvtIoRead, EvtIoRead),
};

/* One object of each structure (and of each enum no structure uses), so full definitions reach the DWARF. */
struct LAYOUT_PROBE {
  /* Runtime library and object manager */
  LIST_ENTRY ListEntry; SINGLE_LIST_ENTRY SingleListEntry; UNICODE_STRING UnicodeString; ANSI_STRING AnsiString;
  LARGE_INTEGER LargeInteger; GUID Guid; OBJECT_ATTRIBUTES ObjectAttributes; IO_STATUS_BLOCK IoStatusBlock;
  /* I/O manager */
  DRIVER_OBJECT DriverObject; DRIVER_EXTENSION DriverExtension; DEVICE_OBJECT DeviceObject; FILE_OBJECT FileObject;
  IRP Irp; IO_STACK_LOCATION IoStackLocation; MDL Mdl; KDEVICE_QUEUE DeviceQueue; KDEVICE_QUEUE_ENTRY DeviceQueueEntry;
  /* Kernel dispatcher objects and synchronization */
  DISPATCHER_HEADER DispatcherHeader; KEVENT Event; KSEMAPHORE Semaphore; KMUTEX Mutex; KTIMER Timer; KDPC Dpc;
  KSPIN_LOCK SpinLock; KLOCK_QUEUE_HANDLE LockQueueHandle; FAST_MUTEX FastMutex; ERESOURCE Resource;
  NPAGED_LOOKASIDE_LIST NPagedLookaside; PAGED_LOOKASIDE_LIST PagedLookaside; LOOKASIDE_LIST_EX LookasideEx;
  /* Enums not reached through a structure */
  POOL_TYPE PoolType; EVENT_TYPE EventType; TIMER_TYPE TimerType; KWAIT_REASON WaitReason; LOCK_OPERATION LockOperation;
  MEMORY_CACHING_TYPE CachingType; DEVICE_POWER_STATE DevicePowerState; SYSTEM_POWER_STATE SystemPowerState;
  /* KMDF */
  WDF_DRIVER_CONFIG WdfDriverConfig; WDF_OBJECT_ATTRIBUTES WdfObjectAttributes; WDF_OBJECT_CONTEXT_TYPE_INFO WdfContextTypeInfo;
  WDF_IO_QUEUE_CONFIG WdfIoQueueConfig; WDF_PNPPOWER_EVENT_CALLBACKS WdfPnpPowerCallbacks; WDF_TIMER_CONFIG WdfTimerConfig;
  WDF_DRIVER_GLOBALS WdfDriverGlobals; WDF_REQUEST_PARAMETERS WdfRequestParameters; WDF_FILEOBJECT_CONFIG WdfFileObjectConfig;
  WDF_WORKITEM_CONFIG WdfWorkItemConfig; WDF_DPC_CONFIG WdfDpcConfig;
  enum _LAYOUT_CONSTANTS Constants;
};
__attribute__((used)) struct LAYOUT_PROBE LayoutProbe;
