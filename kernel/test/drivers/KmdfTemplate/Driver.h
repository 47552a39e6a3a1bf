/*++

Module Name:

    driver.h

Abstract:

    Includes and declarations the driver's source files share.

Environment:

    Kernel-mode Driver Framework

--*/

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#include "device.h"
#include "queue.h"
#include "trace.h"

EXTERN_C_START

//
// WDFDRIVER events
//

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KmdfTemplateEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP KmdfTemplateEvtDriverContextCleanup;

EXTERN_C_END
