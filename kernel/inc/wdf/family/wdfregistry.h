/*
 * wdfregistry.h - framework registry keys: open or create a key, query and
 * assign values as raw bytes, ULONGs, strings, multi-strings or memory.
 */
#ifndef _WDFREGISTRY_H_
#define _WDFREGISTRY_H_

WDF_EXTERN_C_START

WDF_IMPORT(WdfRegistryOpenKey)
NTSTATUS WdfImp_WdfRegistryOpenKey(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY ParentKey, PCUNICODE_STRING KeyName, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY* Key);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryOpenKey(
    _In_opt_ WDFKEY ParentKey,
    _In_ PCUNICODE_STRING KeyName,
    _In_ ACCESS_MASK DesiredAccess,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES KeyAttributes,
    _Out_ WDFKEY* Key
    )
{
    return WdfImp_WdfRegistryOpenKey(WdfDriverGlobals, ParentKey, KeyName, DesiredAccess, KeyAttributes, Key);
}

WDF_IMPORT(WdfRegistryCreateKey)
NTSTATUS WdfImp_WdfRegistryCreateKey(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY ParentKey, PCUNICODE_STRING KeyName, ACCESS_MASK DesiredAccess, ULONG CreateOptions, PULONG CreateDisposition, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY* Key);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryCreateKey(
    _In_opt_ WDFKEY ParentKey,
    _In_ PCUNICODE_STRING KeyName,
    _In_ ACCESS_MASK DesiredAccess,
    _In_ ULONG CreateOptions,
    _Out_opt_ PULONG CreateDisposition,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES KeyAttributes,
    _Out_ WDFKEY* Key
    )
{
    return WdfImp_WdfRegistryCreateKey(WdfDriverGlobals, ParentKey, KeyName, DesiredAccess, CreateOptions, CreateDisposition, KeyAttributes, Key);
}

WDF_IMPORT(WdfRegistryClose)
VOID WdfImp_WdfRegistryClose(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfRegistryClose(
    _In_ WDFKEY Key
    )
{
    WdfImp_WdfRegistryClose(WdfDriverGlobals, Key);
}

WDF_IMPORT(WdfRegistryRemoveKey)
NTSTATUS WdfImp_WdfRegistryRemoveKey(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryRemoveKey(
    _In_ WDFKEY Key
    )
{
    return WdfImp_WdfRegistryRemoveKey(WdfDriverGlobals, Key);
}

WDF_IMPORT(WdfRegistryRemoveValue)
NTSTATUS WdfImp_WdfRegistryRemoveValue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryRemoveValue(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName
    )
{
    return WdfImp_WdfRegistryRemoveValue(WdfDriverGlobals, Key, ValueName);
}

WDF_IMPORT(WdfRegistryQueryValue)
NTSTATUS WdfImp_WdfRegistryQueryValue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, ULONG ValueLength, PVOID Value, PULONG ValueLengthQueried, PULONG ValueType);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryQueryValue(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ ULONG ValueLength,
    _Out_writes_bytes_opt_(ValueLength) PVOID Value,
    _Out_opt_ PULONG ValueLengthQueried,
    _Out_opt_ PULONG ValueType
    )
{
    return WdfImp_WdfRegistryQueryValue(WdfDriverGlobals, Key, ValueName, ValueLength, Value, ValueLengthQueried, ValueType);
}

WDF_IMPORT(WdfRegistryQueryMemory)
NTSTATUS WdfImp_WdfRegistryQueryMemory(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, POOL_TYPE PoolType, PWDF_OBJECT_ATTRIBUTES MemoryAttributes, WDFMEMORY* Memory, PULONG ValueType);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryQueryMemory(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ POOL_TYPE PoolType,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES MemoryAttributes,
    _Out_ WDFMEMORY* Memory,
    _Out_opt_ PULONG ValueType
    )
{
    return WdfImp_WdfRegistryQueryMemory(WdfDriverGlobals, Key, ValueName, PoolType, MemoryAttributes, Memory, ValueType);
}

WDF_IMPORT(WdfRegistryQueryMultiString)
NTSTATUS WdfImp_WdfRegistryQueryMultiString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, PWDF_OBJECT_ATTRIBUTES StringsAttributes, WDFCOLLECTION Collection);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryQueryMultiString(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES StringsAttributes,
    _In_ WDFCOLLECTION Collection
    )
{
    return WdfImp_WdfRegistryQueryMultiString(WdfDriverGlobals, Key, ValueName, StringsAttributes, Collection);
}

WDF_IMPORT(WdfRegistryQueryUnicodeString)
NTSTATUS WdfImp_WdfRegistryQueryUnicodeString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, PUSHORT ValueByteLength, PUNICODE_STRING Value);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryQueryUnicodeString(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _Out_opt_ PUSHORT ValueByteLength,
    _Inout_opt_ PUNICODE_STRING Value
    )
{
    return WdfImp_WdfRegistryQueryUnicodeString(WdfDriverGlobals, Key, ValueName, ValueByteLength, Value);
}

WDF_IMPORT(WdfRegistryQueryString)
NTSTATUS WdfImp_WdfRegistryQueryString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, WDFSTRING String);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryQueryString(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ WDFSTRING String
    )
{
    return WdfImp_WdfRegistryQueryString(WdfDriverGlobals, Key, ValueName, String);
}

WDF_IMPORT(WdfRegistryQueryULong)
NTSTATUS WdfImp_WdfRegistryQueryULong(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, PULONG Value);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryQueryULong(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _Out_ PULONG Value
    )
{
    return WdfImp_WdfRegistryQueryULong(WdfDriverGlobals, Key, ValueName, Value);
}

WDF_IMPORT(WdfRegistryAssignValue)
NTSTATUS WdfImp_WdfRegistryAssignValue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, ULONG ValueType, ULONG ValueLength, PVOID Value);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryAssignValue(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ ULONG ValueType,
    _In_ ULONG ValueLength,
    _In_reads_(ValueLength) PVOID Value
    )
{
    return WdfImp_WdfRegistryAssignValue(WdfDriverGlobals, Key, ValueName, ValueType, ValueLength, Value);
}

WDF_IMPORT(WdfRegistryAssignMemory)
NTSTATUS WdfImp_WdfRegistryAssignMemory(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, ULONG ValueType, WDFMEMORY Memory, PWDFMEMORY_OFFSET MemoryOffsets);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryAssignMemory(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ ULONG ValueType,
    _In_ WDFMEMORY Memory,
    _In_opt_ PWDFMEMORY_OFFSET MemoryOffsets
    )
{
    return WdfImp_WdfRegistryAssignMemory(WdfDriverGlobals, Key, ValueName, ValueType, Memory, MemoryOffsets);
}

WDF_IMPORT(WdfRegistryAssignMultiString)
NTSTATUS WdfImp_WdfRegistryAssignMultiString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, WDFCOLLECTION StringsCollection);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryAssignMultiString(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ WDFCOLLECTION StringsCollection
    )
{
    return WdfImp_WdfRegistryAssignMultiString(WdfDriverGlobals, Key, ValueName, StringsCollection);
}

WDF_IMPORT(WdfRegistryAssignUnicodeString)
NTSTATUS WdfImp_WdfRegistryAssignUnicodeString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, PCUNICODE_STRING Value);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryAssignUnicodeString(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ PCUNICODE_STRING Value
    )
{
    return WdfImp_WdfRegistryAssignUnicodeString(WdfDriverGlobals, Key, ValueName, Value);
}

WDF_IMPORT(WdfRegistryAssignString)
NTSTATUS WdfImp_WdfRegistryAssignString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, WDFSTRING String);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryAssignString(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ WDFSTRING String
    )
{
    return WdfImp_WdfRegistryAssignString(WdfDriverGlobals, Key, ValueName, String);
}

WDF_IMPORT(WdfRegistryAssignULong)
NTSTATUS WdfImp_WdfRegistryAssignULong(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, ULONG Value);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRegistryAssignULong(
    _In_ WDFKEY Key,
    _In_ PCUNICODE_STRING ValueName,
    _In_ ULONG Value
    )
{
    return WdfImp_WdfRegistryAssignULong(WdfDriverGlobals, Key, ValueName, Value);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfRegistryWdmGetHandle)
HANDLE WdfImp_WdfRegistryWdmGetHandle(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
HANDLE
WdfRegistryWdmGetHandle(
    _In_ WDFKEY Key
    )
{
    return WdfImp_WdfRegistryWdmGetHandle(WdfDriverGlobals, Key);
}
#endif

WDF_EXTERN_C_END

#endif /* _WDFREGISTRY_H_ */
