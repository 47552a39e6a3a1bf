/*
 * wdfcollection.h - an ordered list of framework objects; adding an object
 * takes a reference on it, removing drops that reference.
 */
#ifndef _WDFCOLLECTION_H_
#define _WDFCOLLECTION_H_

WDF_EXTERN_C_START

WDF_IMPORT(WdfCollectionCreate)
NTSTATUS WdfImp_WdfCollectionCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES CollectionAttributes, WDFCOLLECTION* Collection);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfCollectionCreate(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES CollectionAttributes,
    _Out_ WDFCOLLECTION* Collection
    )
{
    return WdfImp_WdfCollectionCreate(WdfDriverGlobals, CollectionAttributes, Collection);
}

WDF_IMPORT(WdfCollectionGetCount)
ULONG WdfImp_WdfCollectionGetCount(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
ULONG
WdfCollectionGetCount(
    _In_ WDFCOLLECTION Collection
    )
{
    return WdfImp_WdfCollectionGetCount(WdfDriverGlobals, Collection);
}

WDF_IMPORT(WdfCollectionAdd)
NTSTATUS WdfImp_WdfCollectionAdd(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection, WDFOBJECT Object);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfCollectionAdd(
    _In_ WDFCOLLECTION Collection,
    _In_ WDFOBJECT Object
    )
{
    return WdfImp_WdfCollectionAdd(WdfDriverGlobals, Collection, Object);
}

WDF_IMPORT(WdfCollectionRemove)
VOID WdfImp_WdfCollectionRemove(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection, WDFOBJECT Item);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfCollectionRemove(
    _In_ WDFCOLLECTION Collection,
    _In_ WDFOBJECT Item
    )
{
    WdfImp_WdfCollectionRemove(WdfDriverGlobals, Collection, Item);
}

WDF_IMPORT(WdfCollectionRemoveItem)
VOID WdfImp_WdfCollectionRemoveItem(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection, ULONG Index);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfCollectionRemoveItem(
    _In_ WDFCOLLECTION Collection,
    _In_ ULONG Index
    )
{
    WdfImp_WdfCollectionRemoveItem(WdfDriverGlobals, Collection, Index);
}

WDF_IMPORT(WdfCollectionGetItem)
WDFOBJECT WdfImp_WdfCollectionGetItem(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection, ULONG Index);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFOBJECT
WdfCollectionGetItem(
    _In_ WDFCOLLECTION Collection,
    _In_ ULONG Index
    )
{
    return WdfImp_WdfCollectionGetItem(WdfDriverGlobals, Collection, Index);
}

WDF_IMPORT(WdfCollectionGetFirstItem)
WDFOBJECT WdfImp_WdfCollectionGetFirstItem(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFOBJECT
WdfCollectionGetFirstItem(
    _In_ WDFCOLLECTION Collection
    )
{
    return WdfImp_WdfCollectionGetFirstItem(WdfDriverGlobals, Collection);
}

WDF_IMPORT(WdfCollectionGetLastItem)
WDFOBJECT WdfImp_WdfCollectionGetLastItem(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFOBJECT
WdfCollectionGetLastItem(
    _In_ WDFCOLLECTION Collection
    )
{
    return WdfImp_WdfCollectionGetLastItem(WdfDriverGlobals, Collection);
}

WDF_EXTERN_C_END

#endif /* _WDFCOLLECTION_H_ */
