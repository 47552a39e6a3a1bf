/*
 * driver.h - declarations shared by the ECHO driver's sources.
 *
 * ECHO keeps the last buffer written to it and returns it on the next
 * read. Each request is completed a little later by a timer, the way a
 * device that needs time to do the work would complete it.
 */
#ifndef _ECHO_DRIVER_H_
#define _ECHO_DRIVER_H_

#include <ntddk.h>
#include <wdf.h>

/* Allocates GUID_DEVINTERFACE_ECHO (public.h) in this image. */
#include <initguid.h>

#include "device.h"
#include "queue.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD EchoEvtDeviceAdd;

#endif /* _ECHO_DRIVER_H_ */
