/*++

Module Name:

    driver.h

Abstract:

    Includes and declarations the driver's source files share.

Environment:

    User-mode Driver Framework 2

--*/

#include <windows.h>
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
EVT_WDF_DRIVER_DEVICE_ADD UmdfTemplateEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UmdfTemplateEvtDriverContextCleanup;

EXTERN_C_END
