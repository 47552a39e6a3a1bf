/*++

Module Name:

    device.c - creating the device object.

Abstract:

    Creates the framework device with its context, registers the device
    interface applications open, and sets up the I/O queue.

Environment:

    User-mode Driver Framework 2

--*/

#include "driver.h"
#include "device.tmh"


NTSTATUS
UmdfTemplateCreateDevice(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
/*++

Routine Description:

    Creates the framework device object and everything that hangs off it.

Arguments:

    DeviceInit - the framework's device-initialization data.

Return Value:

    NTSTATUS

--*/
{
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    PDEVICE_CONTEXT deviceContext;
    WDFDEVICE device;
    NTSTATUS status;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);

    if (NT_SUCCESS(status)) {
        //
        // The context was allocated with the device; the accessor
        // declared in device.h finds it.
        //
        deviceContext = DeviceGetContext(device);

        //
        // Start the driver's own data from a known value.
        //
        deviceContext->PrivateDeviceData = 0;

        //
        // Publish a device interface so applications can find the device
        // (SetupDi* or CM_Get_Device_Interface_List with the GUID).
        //
        status = WdfDeviceCreateDeviceInterface(
            device,
            &GUID_DEVINTERFACE_UmdfTemplate,
            NULL // ReferenceString
            );

        if (NT_SUCCESS(status)) {
            //
            // Create the queue that receives the device's I/O.
            //
            status = UmdfTemplateQueueInitialize(device);
        }
    }

    return status;
}
