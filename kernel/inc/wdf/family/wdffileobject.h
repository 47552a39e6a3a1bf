/*
 * wdffileobject.h - the framework file object that stands for one open
 * handle to the device (see WDF_FILEOBJECT_CONFIG in wdfdevice.h).
 */
#ifndef _WDFFILEOBJECT_H_
#define _WDFFILEOBJECT_H_

WDF_EXTERN_C_START

WDF_IMPORT(WdfFileObjectGetFileName)
PUNICODE_STRING WdfImp_WdfFileObjectGetFileName(PWDF_DRIVER_GLOBALS DriverGlobals, WDFFILEOBJECT FileObject);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
PUNICODE_STRING
WdfFileObjectGetFileName(
    _In_ WDFFILEOBJECT FileObject
    )
{
    return WdfImp_WdfFileObjectGetFileName(WdfDriverGlobals, FileObject);
}

WDF_IMPORT(WdfFileObjectGetDevice)
WDFDEVICE WdfImp_WdfFileObjectGetDevice(PWDF_DRIVER_GLOBALS DriverGlobals, WDFFILEOBJECT FileObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFDEVICE
WdfFileObjectGetDevice(
    _In_ WDFFILEOBJECT FileObject
    )
{
    return WdfImp_WdfFileObjectGetDevice(WdfDriverGlobals, FileObject);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfFileObjectGetFlags)
ULONG WdfImp_WdfFileObjectGetFlags(PWDF_DRIVER_GLOBALS DriverGlobals, WDFFILEOBJECT FileObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
ULONG
WdfFileObjectGetFlags(
    _In_ WDFFILEOBJECT FileObject
    )
{
    return WdfImp_WdfFileObjectGetFlags(WdfDriverGlobals, FileObject);
}

WDF_IMPORT(WdfFileObjectWdmGetFileObject)
PFILE_OBJECT WdfImp_WdfFileObjectWdmGetFileObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFFILEOBJECT FileObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PFILE_OBJECT
WdfFileObjectWdmGetFileObject(
    _In_ WDFFILEOBJECT FileObject
    )
{
    return WdfImp_WdfFileObjectWdmGetFileObject(WdfDriverGlobals, FileObject);
}
#else
WDF_IMPORT(WdfFileObjectGetInitiatorProcessId)
ULONG WdfImp_WdfFileObjectGetInitiatorProcessId(PWDF_DRIVER_GLOBALS DriverGlobals, WDFFILEOBJECT FileObject);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
ULONG
WdfFileObjectGetInitiatorProcessId(
    _In_ WDFFILEOBJECT FileObject
    )
{
    return WdfImp_WdfFileObjectGetInitiatorProcessId(WdfDriverGlobals, FileObject);
}
#endif

WDF_EXTERN_C_END

#endif /* _WDFFILEOBJECT_H_ */
