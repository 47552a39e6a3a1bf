/*
 * device.h - the ECHO device object and its context.
 */
#ifndef _ECHO_DEVICE_H_
#define _ECHO_DEVICE_H_

#include "public.h"

/* Per-device data, reached through DeviceGetContext(device). */
typedef struct _DEVICE_CONTEXT {
    /* Device-wide state would live here; ECHO keeps its state per queue. */
    ULONG PrivateDeviceData;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

NTSTATUS
EchoDeviceCreate(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    );

EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT EchoEvtDeviceSelfManagedIoStart;
EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART EchoEvtDeviceSelfManagedIoRestart;
EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND EchoEvtDeviceSelfManagedIoSuspend;

#endif /* _ECHO_DEVICE_H_ */
