/*++

Module Name:

    device.h

Abstract:

    The device context and the device creation routine.

Environment:

    Kernel-mode Driver Framework

--*/

#include "public.h"

EXTERN_C_START

//
// State kept for each device object the driver creates.
//
typedef struct _DEVICE_CONTEXT
{
    ULONG PrivateDeviceData;  // placeholder for the driver's own data

} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

//
// Declares the context type and an accessor, DeviceGetContext, that
// returns a PDEVICE_CONTEXT for a WDFDEVICE.
//
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

//
// Creates the device object and its queue.
//
NTSTATUS
KmdfTemplateCreateDevice(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    );

EXTERN_C_END
