/*
 * wdftypes.h - basic types shared by every Windows Driver Frameworks header:
 * the typed object handles, the tri-state, time-out helpers and the import
 * attribute that binds each WDF API to the framework image.
 *
 * Part of DriverLab's own WDF headers (KMDF 1.15 / UMDF 2.15 shape).
 */
#ifndef _WDFTYPES_H_
#define _WDFTYPES_H_

#include "wdfsal.h"

#ifdef __cplusplus
#define WDF_EXTERN_C       extern "C"
#define WDF_EXTERN_C_START extern "C" {
#define WDF_EXTERN_C_END   }
#else
#define WDF_EXTERN_C
#define WDF_EXTERN_C_START
#define WDF_EXTERN_C_END
#endif

#ifndef FORCEINLINE
#define FORCEINLINE __forceinline
#endif

#ifndef WDF_FRAMEWORK_MODULE
#error "include <wdf.h>, which selects the framework (Wdf01000.sys or WUDFx02000.dll)"
#endif

/*
 * Every WDF API is implemented by the framework image and imported by name.
 * The driver calls a FORCEINLINE wrapper that passes WdfDriverGlobals first,
 * so the name the linker sees is exactly the documented API name.
 */
#define WDF_IMPORT(api) \
    __attribute__((import_module(WDF_FRAMEWORK_MODULE), import_name(#api)))

/* Handles are pointers to distinct incomplete structs, so the compiler
 * catches a WDFQUEUE passed where a WDFDEVICE is expected. */
#define WDF_DECLARE_HANDLE(_name) typedef struct _name##__ *_name

typedef HANDLE WDFOBJECT, *PWDFOBJECT;
typedef PVOID  WDFCONTEXT;

WDF_DECLARE_HANDLE(WDFDRIVER);
WDF_DECLARE_HANDLE(WDFDEVICE);
WDF_DECLARE_HANDLE(WDFWMIPROVIDER);
WDF_DECLARE_HANDLE(WDFWMIINSTANCE);
WDF_DECLARE_HANDLE(WDFQUEUE);
WDF_DECLARE_HANDLE(WDFREQUEST);
WDF_DECLARE_HANDLE(WDFFILEOBJECT);
WDF_DECLARE_HANDLE(WDFDPC);
WDF_DECLARE_HANDLE(WDFTIMER);
WDF_DECLARE_HANDLE(WDFWORKITEM);
WDF_DECLARE_HANDLE(WDFINTERRUPT);
WDF_DECLARE_HANDLE(WDFWAITLOCK);
WDF_DECLARE_HANDLE(WDFSPINLOCK);
WDF_DECLARE_HANDLE(WDFMEMORY);
WDF_DECLARE_HANDLE(WDFLOOKASIDE);
WDF_DECLARE_HANDLE(WDFCOMMONBUFFER);
WDF_DECLARE_HANDLE(WDFDMAENABLER);
WDF_DECLARE_HANDLE(WDFDMATRANSACTION);
WDF_DECLARE_HANDLE(WDFUSBDEVICE);
WDF_DECLARE_HANDLE(WDFUSBINTERFACE);
WDF_DECLARE_HANDLE(WDFUSBPIPE);
WDF_DECLARE_HANDLE(WDFCHILDLIST);
WDF_DECLARE_HANDLE(WDFIOTARGET);
WDF_DECLARE_HANDLE(WDFKEY);
WDF_DECLARE_HANDLE(WDFSTRING);
WDF_DECLARE_HANDLE(WDFCOLLECTION);
WDF_DECLARE_HANDLE(WDFCMRESLIST);
WDF_DECLARE_HANDLE(WDFIORESREQLIST);
WDF_DECLARE_HANDLE(WDFIORESLIST);

/* The device-initialization blob handed to EvtDriverDeviceAdd. */
typedef struct WDFDEVICE_INIT *PWDFDEVICE_INIT;

/* "Leave it to the framework" placeholders used in calls. */
#define WDF_NO_OBJECT_ATTRIBUTES (NULL)
#define WDF_NO_EVENT_CALLBACK    (NULL)
#define WDF_NO_HANDLE            (NULL)
#define WDF_NO_CONTEXT           (NULL)
#define WDF_NO_SEND_OPTIONS      (NULL)

typedef enum _WDF_TRI_STATE {
    WdfFalse = FALSE,
    WdfTrue = TRUE,
    WdfUseDefault = 2,
} WDF_TRI_STATE, *PWDF_TRI_STATE;

typedef enum _WDF_SYNCHRONIZATION_SCOPE {
    WdfSynchronizationScopeInvalid = 0x00,
    WdfSynchronizationScopeInheritFromParent,
    WdfSynchronizationScopeDevice,
    WdfSynchronizationScopeQueue,
    WdfSynchronizationScopeNone,
} WDF_SYNCHRONIZATION_SCOPE;

typedef enum _WDF_EXECUTION_LEVEL {
    WdfExecutionLevelInvalid = 0x00,
    WdfExecutionLevelInheritFromParent,
    WdfExecutionLevelPassive,
    WdfExecutionLevelDispatch,
} WDF_EXECUTION_LEVEL;

/* Time-outs are in 100 ns units; negative means relative to now. */
#define WDF_TIMEOUT_TO_SEC ((LONGLONG) 1 * 10 * 1000 * 1000)
#define WDF_TIMEOUT_TO_MS  ((LONGLONG) 1 * 10 * 1000)
#define WDF_TIMEOUT_TO_US  ((LONGLONG) 1 * 10)

FORCEINLINE LONGLONG WDF_REL_TIMEOUT_IN_SEC(_In_ ULONGLONG Time) { return (LONGLONG)Time * -1 * WDF_TIMEOUT_TO_SEC; }
FORCEINLINE LONGLONG WDF_ABS_TIMEOUT_IN_SEC(_In_ ULONGLONG Time) { return (LONGLONG)Time * WDF_TIMEOUT_TO_SEC; }
FORCEINLINE LONGLONG WDF_REL_TIMEOUT_IN_MS(_In_ ULONGLONG Time)  { return (LONGLONG)Time * -1 * WDF_TIMEOUT_TO_MS; }
FORCEINLINE LONGLONG WDF_ABS_TIMEOUT_IN_MS(_In_ ULONGLONG Time)  { return (LONGLONG)Time * WDF_TIMEOUT_TO_MS; }
FORCEINLINE LONGLONG WDF_REL_TIMEOUT_IN_US(_In_ ULONGLONG Time)  { return (LONGLONG)Time * -1 * WDF_TIMEOUT_TO_US; }
FORCEINLINE LONGLONG WDF_ABS_TIMEOUT_IN_US(_In_ ULONGLONG Time)  { return (LONGLONG)Time * WDF_TIMEOUT_TO_US; }

/* Power-of-two alignment helpers; they return 0 on overflow. */
FORCEINLINE size_t WDF_ALIGN_SIZE_DOWN(_In_ size_t Length, _In_ size_t AlignTo)
{
    return Length & ~(AlignTo - 1);
}

FORCEINLINE size_t WDF_ALIGN_SIZE_UP(_In_ size_t Length, _In_ size_t AlignTo)
{
    size_t aligned = (Length + AlignTo - 1) & ~(AlignTo - 1);
    return aligned < Length ? 0 : aligned;
}

#define WDF_PTR_ADD_OFFSET_TYPE(_ptr, _offset, _type) ((_type) (((PUCHAR) (_ptr)) + (_offset)))
#define WDF_PTR_ADD_OFFSET(_ptr, _offset) WDF_PTR_ADD_OFFSET_TYPE(_ptr, _offset, PVOID)

#endif /* _WDFTYPES_H_ */
