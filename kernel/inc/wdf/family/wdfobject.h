/*
 * wdfobject.h - what every framework object has: attributes given at
 * creation (parent, callbacks, locking, a typed context area), references
 * and deletion.
 */
#ifndef _WDFOBJECT_H_
#define _WDFOBJECT_H_

WDF_EXTERN_C_START

typedef _Function_class_(EVT_WDF_OBJECT_CONTEXT_CLEANUP)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_OBJECT_CONTEXT_CLEANUP(
    _In_ WDFOBJECT Object
    );
typedef EVT_WDF_OBJECT_CONTEXT_CLEANUP *PFN_WDF_OBJECT_CONTEXT_CLEANUP;

typedef _Function_class_(EVT_WDF_OBJECT_CONTEXT_DESTROY)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_OBJECT_CONTEXT_DESTROY(
    _In_ WDFOBJECT Object
    );
typedef EVT_WDF_OBJECT_CONTEXT_DESTROY *PFN_WDF_OBJECT_CONTEXT_DESTROY;

typedef const struct _WDF_OBJECT_CONTEXT_TYPE_INFO *PCWDF_OBJECT_CONTEXT_TYPE_INFO;

/* Lets a driver that shares a context type with another component ask the
 * framework for the one unique type record. */
typedef PCWDF_OBJECT_CONTEXT_TYPE_INFO
(__cdecl *PFN_GET_UNIQUE_CONTEXT_TYPE)(
    VOID
    );

typedef struct _WDF_OBJECT_ATTRIBUTES {
    /* sizeof(WDF_OBJECT_ATTRIBUTES); the framework checks it. */
    ULONG Size;

    /* Called when the object is being deleted, before its children go. */
    PFN_WDF_OBJECT_CONTEXT_CLEANUP EvtCleanupCallback;

    /* Called when the object's memory is about to be freed. */
    PFN_WDF_OBJECT_CONTEXT_DESTROY EvtDestroyCallback;

    /* The highest IRQL the object's callbacks are called at. */
    WDF_EXECUTION_LEVEL ExecutionLevel;

    /* Which callbacks the framework serializes with each other. */
    WDF_SYNCHRONIZATION_SCOPE SynchronizationScope;

    /* Deleting the parent deletes this object too (default: the driver
     * or the device, depending on the object). */
    WDFOBJECT ParentObject;

    /* If not zero, the context is this many bytes (at least the type's). */
    size_t ContextSizeOverride;

    /* The context type, set with WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE. */
    PCWDF_OBJECT_CONTEXT_TYPE_INFO ContextTypeInfo;
} WDF_OBJECT_ATTRIBUTES, *PWDF_OBJECT_ATTRIBUTES;

FORCEINLINE
VOID
WDF_OBJECT_ATTRIBUTES_INIT(
    _Out_ PWDF_OBJECT_ATTRIBUTES Attributes
    )
{
    RtlZeroMemory(Attributes, sizeof(WDF_OBJECT_ATTRIBUTES));
    Attributes->Size = sizeof(WDF_OBJECT_ATTRIBUTES);
    Attributes->ExecutionLevel = WdfExecutionLevelInheritFromParent;
    Attributes->SynchronizationScope = WdfSynchronizationScopeInheritFromParent;
}

/* One record per context type; the framework finds a context by the
 * address of its type's record (UniqueType). */
typedef struct _WDF_OBJECT_CONTEXT_TYPE_INFO {
    ULONG Size;
    PCHAR ContextName;
    size_t ContextSize;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO UniqueType;
    PFN_GET_UNIQUE_CONTEXT_TYPE EvtDriverGetUniqueContextType;
} WDF_OBJECT_CONTEXT_TYPE_INFO, *PWDF_OBJECT_CONTEXT_TYPE_INFO;

/* The names the context macros generate for a type T:
 * _WDF_T_TYPE_INFO (the record) and WDF_POINTER_TYPE_T (T*). */
#define WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) _WDF_ ## _contexttype ## _TYPE_INFO
#define WDF_TYPE_NAME_POINTER_TYPE(_contexttype) WDF_POINTER_TYPE_ ## _contexttype
#define WDF_GET_CONTEXT_TYPE_INFO(_contexttype)  (&WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype))

/* The record lives in every translation unit that declares the type;
 * selectany folds the copies into one at link time. */
#define WDF_DECLARE_TYPE_AND_GLOBALS(_contexttype, _UniqueType, _GetUniqueType)   \
    typedef _contexttype *WDF_TYPE_NAME_POINTER_TYPE(_contexttype);             \
    WDF_EXTERN_C __declspec(selectany) const WDF_OBJECT_CONTEXT_TYPE_INFO       \
        WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) = {                            \
        sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO),                                   \
        (PCHAR) #_contexttype,                                                  \
        sizeof(_contexttype),                                                   \
        _UniqueType,                                                            \
        _GetUniqueType,                                                         \
    };

#define WDF_DECLARE_CASTING_FUNCTION(_contexttype, _castingfunction)            \
    __drv_aliasesMem FORCEINLINE                                                \
    WDF_TYPE_NAME_POINTER_TYPE(_contexttype)                                    \
    _castingfunction(_In_ WDFOBJECT Handle)                                     \
    {                                                                           \
        return (WDF_TYPE_NAME_POINTER_TYPE(_contexttype))                       \
            WdfObjectGetTypedContextWorker(                                     \
                Handle, WDF_GET_CONTEXT_TYPE_INFO(_contexttype)->UniqueType);   \
    }

/* Declares context type T with an accessor named _castingfunction, e.g.
 * WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext). */
#define WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction)      \
    WDF_DECLARE_TYPE_AND_GLOBALS(_contexttype,                                  \
                                 WDF_GET_CONTEXT_TYPE_INFO(_contexttype), NULL) \
    WDF_DECLARE_CASTING_FUNCTION(_contexttype, _castingfunction)

/* Same, with the accessor named WdfObjectGet_T. */
#define WDF_DECLARE_CONTEXT_TYPE(_contexttype) \
    WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, WdfObjectGet_ ## _contexttype)

/* A context type owned by another component: its record comes from there. */
#define WDF_DECLARE_SHARED_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction) \
    WDF_DECLARE_TYPE_AND_GLOBALS(_contexttype, NULL,                            \
        WDF_TYPE_NAME_TO_EXTERNAL_INIT_FUNCTION(_contexttype))                  \
    WDF_DECLARE_CASTING_FUNCTION(_contexttype, _castingfunction)
#define WDF_TYPE_NAME_TO_EXTERNAL_INIT_FUNCTION(_contexttype) _contexttype ## _EXTERNAL_INIT_FUNCTION

#define WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype) \
    (_attributes)->ContextTypeInfo = WDF_GET_CONTEXT_TYPE_INFO(_contexttype)->UniqueType

#define WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(_attributes, _contexttype) \
    WDF_OBJECT_ATTRIBUTES_INIT(_attributes);                               \
    WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype)

#define WdfObjectGetTypedContext(handle, type) \
    ((WDF_TYPE_NAME_POINTER_TYPE(type)) WdfObjectGetTypedContextWorker( \
        (WDFOBJECT) (handle), WDF_GET_CONTEXT_TYPE_INFO(type)->UniqueType))

WDF_IMPORT(WdfObjectGetTypedContextWorker)
PVOID WdfImp_WdfObjectGetTypedContextWorker(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PVOID
WdfObjectGetTypedContextWorker(
    _In_ WDFOBJECT Handle,
    _In_ PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo
    )
{
    return WdfImp_WdfObjectGetTypedContextWorker(WdfDriverGlobals, Handle, TypeInfo);
}

WDF_IMPORT(WdfObjectAllocateContext)
NTSTATUS WdfImp_WdfObjectAllocateContext(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PWDF_OBJECT_ATTRIBUTES ContextAttributes, PVOID* Context);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfObjectAllocateContext(
    _In_ WDFOBJECT Handle,
    _In_ PWDF_OBJECT_ATTRIBUTES ContextAttributes,
    _Outptr_opt_ PVOID* Context
    )
{
    return WdfImp_WdfObjectAllocateContext(WdfDriverGlobals, Handle, ContextAttributes, Context);
}

WDF_IMPORT(WdfObjectContextGetObject)
WDFOBJECT WdfImp_WdfObjectContextGetObject(PWDF_DRIVER_GLOBALS DriverGlobals, PVOID ContextPointer);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFOBJECT
WdfObjectContextGetObject(
    _In_ PVOID ContextPointer
    )
{
    return WdfImp_WdfObjectContextGetObject(WdfDriverGlobals, ContextPointer);
}

WDF_IMPORT(WdfObjectReferenceActual)
VOID WdfImp_WdfObjectReferenceActual(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PVOID Tag, LONG Line, PCHAR File);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfObjectReferenceActual(
    _In_ WDFOBJECT Handle,
    _In_opt_ PVOID Tag,
    _In_ LONG Line,
    _In_z_ PCHAR File
    )
{
    WdfImp_WdfObjectReferenceActual(WdfDriverGlobals, Handle, Tag, Line, File);
}

WDF_IMPORT(WdfObjectDereferenceActual)
VOID WdfImp_WdfObjectDereferenceActual(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PVOID Tag, LONG Line, PCHAR File);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfObjectDereferenceActual(
    _In_ WDFOBJECT Handle,
    _In_opt_ PVOID Tag,
    _In_ LONG Line,
    _In_z_ PCHAR File
    )
{
    WdfImp_WdfObjectDereferenceActual(WdfDriverGlobals, Handle, Tag, Line, File);
}

WDF_IMPORT(WdfObjectCreate)
NTSTATUS WdfImp_WdfObjectCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES Attributes, WDFOBJECT* Object);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfObjectCreate(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES Attributes,
    _Out_ WDFOBJECT* Object
    )
{
    return WdfImp_WdfObjectCreate(WdfDriverGlobals, Attributes, Object);
}

WDF_IMPORT(WdfObjectDelete)
VOID WdfImp_WdfObjectDelete(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Object);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfObjectDelete(
    _In_ WDFOBJECT Object
    )
{
    WdfImp_WdfObjectDelete(WdfDriverGlobals, Object);
}

WDF_IMPORT(WdfObjectQuery)
NTSTATUS WdfImp_WdfObjectQuery(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Object, CONST GUID* Guid, ULONG QueryBufferLength, PVOID QueryBuffer);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfObjectQuery(
    _In_ WDFOBJECT Object,
    _In_ CONST GUID* Guid,
    _In_ ULONG QueryBufferLength,
    _Out_writes_bytes_(QueryBufferLength) PVOID QueryBuffer
    )
{
    return WdfImp_WdfObjectQuery(WdfDriverGlobals, Object, Guid, QueryBufferLength, QueryBuffer);
}

/* References record where they were taken, for !wdfhandle-style tracking. */
#define WdfObjectReference(Handle) \
    WdfObjectReferenceActual((WDFOBJECT) (Handle), NULL, __LINE__, (PCHAR) __FILE__)
#define WdfObjectReferenceWithTag(Handle, Tag) \
    WdfObjectReferenceActual((WDFOBJECT) (Handle), (PVOID) (Tag), __LINE__, (PCHAR) __FILE__)
#define WdfObjectDereference(Handle) \
    WdfObjectDereferenceActual((WDFOBJECT) (Handle), NULL, __LINE__, (PCHAR) __FILE__)
#define WdfObjectDereferenceWithTag(Handle, Tag) \
    WdfObjectDereferenceActual((WDFOBJECT) (Handle), (PVOID) (Tag), __LINE__, (PCHAR) __FILE__)

WDF_EXTERN_C_END

#endif /* _WDFOBJECT_H_ */
