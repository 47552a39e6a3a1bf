/*
 * Driver.c - the whole Hello World driver: two callbacks and nothing else.
 * Type it in yourself; the lab's guide explains each part as you go.
 */
#include <ntddk.h>      /* the kernel's own types and routines (NTSTATUS, DRIVER_OBJECT, KdPrintEx) */
#include <wdf.h>        /* the Kernel-Mode Driver Framework (WDF_DRIVER_CONFIG, WdfDriverCreate) */

/* Declaring the two routines with their role types lets the compiler check their signatures. */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KmdfHelloWorldEvtDeviceAdd;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
)
{
    /* What we hand back to the I/O manager; WdfDriverCreate decides it. */
    NTSTATUS status = STATUS_SUCCESS;

    /* The framework's settings for this driver: here only which routine adds devices. */
    WDF_DRIVER_CONFIG config;

    /* Shows in the debugger once the IHVDRIVER print filter lets INFO-level lines through. */
    KdPrintEx(( DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "KmdfHelloWorld: DriverEntry\n" ));

    /* Zero the settings and name KmdfHelloWorldEvtDeviceAdd as the add-device callback. */
    WDF_DRIVER_CONFIG_INIT(&config,
        KmdfHelloWorldEvtDeviceAdd
    );

    /* Make the framework driver object, the parent of every other framework object we create. */
    status = WdfDriverCreate(DriverObject,
        RegistryPath,
        WDF_NO_OBJECT_ATTRIBUTES,
        &config,
        WDF_NO_HANDLE
    );

    return status;
}

NTSTATUS
KmdfHelloWorldEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
)
{
    /* This driver has no use for its driver handle here. */
    UNREFERENCED_PARAMETER(Driver);

    NTSTATUS status;

    /* The device object the framework makes for the device PnP found. */
    WDFDEVICE hDevice;

    /* Shows each time PnP hands us a device (at install, and after disable/enable). */
    KdPrintEx(( DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "KmdfHelloWorld: KmdfHelloWorldEvtDeviceAdd\n"
    ));

    /* Create the device object; with no queues it only has to exist for the device to start. */
    status = WdfDeviceCreate(&DeviceInit,
        WDF_NO_OBJECT_ATTRIBUTES,
        &hDevice
    );

    return status;
}
