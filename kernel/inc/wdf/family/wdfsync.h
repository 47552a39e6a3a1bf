/*
 * wdfsync.h - locks: the object's own synchronization lock, wait locks
 * (PASSIVE_LEVEL, may block) and spin locks (raise to DISPATCH_LEVEL).
 */
#ifndef _WDFSYNC_H_
#define _WDFSYNC_H_

WDF_EXTERN_C_START

WDF_IMPORT(WdfObjectAcquireLock)
VOID WdfImp_WdfObjectAcquireLock(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Object);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfObjectAcquireLock(
    _In_ WDFOBJECT Object
    )
{
    WdfImp_WdfObjectAcquireLock(WdfDriverGlobals, Object);
}

WDF_IMPORT(WdfObjectReleaseLock)
VOID WdfImp_WdfObjectReleaseLock(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Object);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfObjectReleaseLock(
    _In_ WDFOBJECT Object
    )
{
    WdfImp_WdfObjectReleaseLock(WdfDriverGlobals, Object);
}

WDF_IMPORT(WdfWaitLockCreate)
NTSTATUS WdfImp_WdfWaitLockCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES LockAttributes, WDFWAITLOCK* Lock);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfWaitLockCreate(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES LockAttributes,
    _Out_ WDFWAITLOCK* Lock
    )
{
    return WdfImp_WdfWaitLockCreate(WdfDriverGlobals, LockAttributes, Lock);
}

/* Timeout NULL waits forever; 0 only tries (STATUS_TIMEOUT if held). */
WDF_IMPORT(WdfWaitLockAcquire)
NTSTATUS WdfImp_WdfWaitLockAcquire(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWAITLOCK Lock, PLONGLONG Timeout);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfWaitLockAcquire(
    _In_ WDFWAITLOCK Lock,
    _In_opt_ PLONGLONG Timeout
    )
{
    return WdfImp_WdfWaitLockAcquire(WdfDriverGlobals, Lock, Timeout);
}

WDF_IMPORT(WdfWaitLockRelease)
VOID WdfImp_WdfWaitLockRelease(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWAITLOCK Lock);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfWaitLockRelease(
    _In_ WDFWAITLOCK Lock
    )
{
    WdfImp_WdfWaitLockRelease(WdfDriverGlobals, Lock);
}

WDF_IMPORT(WdfSpinLockCreate)
NTSTATUS WdfImp_WdfSpinLockCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES SpinLockAttributes, WDFSPINLOCK* SpinLock);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfSpinLockCreate(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES SpinLockAttributes,
    _Out_ WDFSPINLOCK* SpinLock
    )
{
    return WdfImp_WdfSpinLockCreate(WdfDriverGlobals, SpinLockAttributes, SpinLock);
}

WDF_IMPORT(WdfSpinLockAcquire)
VOID WdfImp_WdfSpinLockAcquire(PWDF_DRIVER_GLOBALS DriverGlobals, WDFSPINLOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfSpinLockAcquire(
    _In_ WDFSPINLOCK SpinLock
    )
{
    WdfImp_WdfSpinLockAcquire(WdfDriverGlobals, SpinLock);
}

WDF_IMPORT(WdfSpinLockRelease)
VOID WdfImp_WdfSpinLockRelease(PWDF_DRIVER_GLOBALS DriverGlobals, WDFSPINLOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfSpinLockRelease(
    _In_ WDFSPINLOCK SpinLock
    )
{
    WdfImp_WdfSpinLockRelease(WdfDriverGlobals, SpinLock);
}

WDF_EXTERN_C_END

#endif /* _WDFSYNC_H_ */
