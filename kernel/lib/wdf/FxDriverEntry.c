/*
 * FxDriverEntry.c - the KMDF driver-entry stub, linked into every KMDF
 * image (the part of the real WdfDriverEntry.lib a driver meets).
 *
 * The image's entry point is FxDriverEntry, not the driver's DriverEntry:
 * it binds the image to the framework (Wdf01000.sys), which fills in
 * WdfDriverGlobals, and only then calls DriverEntry, whose WDF calls all
 * pass those globals. If DriverEntry fails the binding is undone; if it
 * succeeds, the stub puts its own unload routine in front of the driver's
 * so it can unbind after the driver (and the framework) have unloaded.
 */
#include <ntddk.h>
#include <wdf.h>
#include <wdfldr.h>

/* The driver's own entry point (Driver.c). */
DRIVER_INITIALIZE DriverEntry;

/* Set by WdfVersionBind; every WDF API wrapper passes it to the framework. */
PWDF_DRIVER_GLOBALS WdfDriverGlobals = NULL;

/* The version this image was compiled against, told to the framework. */
WDF_BIND_INFO WdfBindInfo = {
    sizeof(WDF_BIND_INFO),
    WDF_FRAMEWORK_COMPONENT,
    { KMDF_VERSION_MAJOR, KMDF_VERSION_MINOR, 0 },
    0,
    NULL,
    NULL,
};

/* A copy of the registry path: the system's string is only valid during
 * DriverEntry, and unbinding later needs it. */
static UNICODE_STRING FxRegistryPath;
static WCHAR FxRegistryPathBuffer[260];

/* The unload routine the driver (through WdfDriverCreate) installed. */
static PDRIVER_UNLOAD FxDisplacedDriverUnload = NULL;

DRIVER_INITIALIZE FxDriverEntry;
static DRIVER_UNLOAD FxStubDriverUnload;

static
VOID
FxStubDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    /* The driver's unload (the framework's, which calls EvtDriverUnload
     * and deletes the driver's objects) runs first, then we unbind. */
    if (FxDisplacedDriverUnload != NULL && FxDisplacedDriverUnload != FxStubDriverUnload) {
        FxDisplacedDriverUnload(DriverObject);
    }

    WdfVersionUnbind(&FxRegistryPath, &WdfBindInfo, WdfDriverGlobals);
}

NTSTATUS
FxDriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    USHORT length;

    if (DriverObject == NULL || RegistryPath == NULL) {
        return STATUS_INVALID_PARAMETER;
    }

    length = RegistryPath->Length;
    if (length > sizeof(FxRegistryPathBuffer)) {
        length = sizeof(FxRegistryPathBuffer);
    }
    RtlCopyMemory(FxRegistryPathBuffer, RegistryPath->Buffer, length);
    FxRegistryPath.Buffer = FxRegistryPathBuffer;
    FxRegistryPath.Length = length;
    FxRegistryPath.MaximumLength = sizeof(FxRegistryPathBuffer);

    status = WdfVersionBind(DriverObject, &FxRegistryPath, &WdfBindInfo, &WdfDriverGlobals);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = DriverEntry(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        WdfVersionUnbind(&FxRegistryPath, &WdfBindInfo, WdfDriverGlobals);
        return status;
    }

    /* Unloading a driver that set no unload routine is not allowed, and
     * then there is nothing to chain. */
    if (WdfDriverGlobals->DisplaceDriverUnload && DriverObject->DriverUnload != NULL) {
        FxDisplacedDriverUnload = DriverObject->DriverUnload;
        DriverObject->DriverUnload = FxStubDriverUnload;
    }

    return status;
}
