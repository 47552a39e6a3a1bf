/*
 * driver.c - ECHO driver entry and device add.
 *
 * A KMDF sample for the debugging labs: it creates one device per
 * root\ECHO device node, with a device interface (public.h) that
 * echoapp.exe opens, and a sequential queue that echoes writes back to reads.
 */
#include "driver.h"

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;

    KdPrint(("ECHO: DriverEntry, built %s %s\n", __DATE__, __TIME__));

    /* One callback matters for a PnP driver: device add. */
    WDF_DRIVER_CONFIG_INIT(&config, EchoEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfDriverCreate failed 0x%x\n", status));
    }

    return status;
}

NTSTATUS
EchoEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    KdPrint(("ECHO: EchoEvtDeviceAdd\n"));

    status = EchoDeviceCreate(DeviceInit);

    return status;
}
