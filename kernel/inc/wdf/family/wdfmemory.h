/*
 * wdfmemory.h - framework memory objects (a buffer with a lifetime tied to
 * a parent object), memory descriptors for sending I/O, and lookaside lists.
 */
#ifndef _WDFMEMORY_H_
#define _WDFMEMORY_H_

WDF_EXTERN_C_START

typedef enum _WDF_MEMORY_DESCRIPTOR_TYPE {
    WdfMemoryDescriptorTypeInvalid = 0,
    WdfMemoryDescriptorTypeBuffer,
    WdfMemoryDescriptorTypeMdl,
    WdfMemoryDescriptorTypeHandle,
} WDF_MEMORY_DESCRIPTOR_TYPE;

/* A window into a memory object. */
typedef struct _WDFMEMORY_OFFSET {
    size_t BufferOffset;
    size_t BufferLength;
} WDFMEMORY_OFFSET, *PWDFMEMORY_OFFSET;

/* Describes a buffer given to a synchronous send: plain, MDL, or WDFMEMORY. */
typedef struct _WDF_MEMORY_DESCRIPTOR {
    WDF_MEMORY_DESCRIPTOR_TYPE Type;
    union {
        struct {
            PVOID Buffer;
            ULONG Length;
        } BufferType;
        struct {
            PMDL Mdl;
            ULONG BufferLength;
        } MdlType;
        struct {
            WDFMEMORY Memory;
            PWDFMEMORY_OFFSET Offsets;
        } HandleType;
    } u;
} WDF_MEMORY_DESCRIPTOR, *PWDF_MEMORY_DESCRIPTOR;

FORCEINLINE
VOID
WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(
    _Out_ PWDF_MEMORY_DESCRIPTOR Descriptor,
    _In_ PVOID Buffer,
    _In_ ULONG BufferLength
    )
{
    RtlZeroMemory(Descriptor, sizeof(WDF_MEMORY_DESCRIPTOR));
    Descriptor->Type = WdfMemoryDescriptorTypeBuffer;
    Descriptor->u.BufferType.Buffer = Buffer;
    Descriptor->u.BufferType.Length = BufferLength;
}

FORCEINLINE
VOID
WDF_MEMORY_DESCRIPTOR_INIT_HANDLE(
    _Out_ PWDF_MEMORY_DESCRIPTOR Descriptor,
    _In_ WDFMEMORY Memory,
    _In_opt_ PWDFMEMORY_OFFSET Offsets
    )
{
    RtlZeroMemory(Descriptor, sizeof(WDF_MEMORY_DESCRIPTOR));
    Descriptor->Type = WdfMemoryDescriptorTypeHandle;
    Descriptor->u.HandleType.Memory = Memory;
    Descriptor->u.HandleType.Offsets = Offsets;
}

FORCEINLINE
VOID
WDF_MEMORY_DESCRIPTOR_INIT_MDL(
    _Out_ PWDF_MEMORY_DESCRIPTOR Descriptor,
    _In_ PMDL Mdl,
    _In_ ULONG BufferLength
    )
{
    RtlZeroMemory(Descriptor, sizeof(WDF_MEMORY_DESCRIPTOR));
    Descriptor->Type = WdfMemoryDescriptorTypeMdl;
    Descriptor->u.MdlType.Mdl = Mdl;
    Descriptor->u.MdlType.BufferLength = BufferLength;
}

WDF_IMPORT(WdfMemoryCreate)
NTSTATUS WdfImp_WdfMemoryCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES Attributes, POOL_TYPE PoolType, ULONG PoolTag, size_t BufferSize, WDFMEMORY* Memory, PVOID* Buffer);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfMemoryCreate(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES Attributes,
    _In_ POOL_TYPE PoolType,
    _In_opt_ ULONG PoolTag,
    _In_ size_t BufferSize,
    _Out_ WDFMEMORY* Memory,
    _Outptr_opt_result_bytebuffer_(BufferSize) PVOID* Buffer
    )
{
    return WdfImp_WdfMemoryCreate(WdfDriverGlobals, Attributes, PoolType, PoolTag, BufferSize, Memory, Buffer);
}

WDF_IMPORT(WdfMemoryCreatePreallocated)
NTSTATUS WdfImp_WdfMemoryCreatePreallocated(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES Attributes, PVOID Buffer, size_t BufferSize, WDFMEMORY* Memory);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfMemoryCreatePreallocated(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES Attributes,
    _In_ PVOID Buffer,
    _In_ size_t BufferSize,
    _Out_ WDFMEMORY* Memory
    )
{
    return WdfImp_WdfMemoryCreatePreallocated(WdfDriverGlobals, Attributes, Buffer, BufferSize, Memory);
}

WDF_IMPORT(WdfMemoryGetBuffer)
PVOID WdfImp_WdfMemoryGetBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFMEMORY Memory, size_t* BufferSize);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PVOID
WdfMemoryGetBuffer(
    _In_ WDFMEMORY Memory,
    _Out_opt_ size_t* BufferSize
    )
{
    return WdfImp_WdfMemoryGetBuffer(WdfDriverGlobals, Memory, BufferSize);
}

WDF_IMPORT(WdfMemoryAssignBuffer)
NTSTATUS WdfImp_WdfMemoryAssignBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFMEMORY Memory, PVOID Buffer, size_t BufferSize);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfMemoryAssignBuffer(
    _In_ WDFMEMORY Memory,
    _In_ PVOID Buffer,
    _In_ size_t BufferSize
    )
{
    return WdfImp_WdfMemoryAssignBuffer(WdfDriverGlobals, Memory, Buffer, BufferSize);
}

WDF_IMPORT(WdfMemoryCopyToBuffer)
NTSTATUS WdfImp_WdfMemoryCopyToBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFMEMORY SourceMemory, size_t SourceOffset, PVOID Buffer, size_t NumBytesToCopyTo);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfMemoryCopyToBuffer(
    _In_ WDFMEMORY SourceMemory,
    _In_ size_t SourceOffset,
    _Out_writes_bytes_(NumBytesToCopyTo) PVOID Buffer,
    _In_ size_t NumBytesToCopyTo
    )
{
    return WdfImp_WdfMemoryCopyToBuffer(WdfDriverGlobals, SourceMemory, SourceOffset, Buffer, NumBytesToCopyTo);
}

WDF_IMPORT(WdfMemoryCopyFromBuffer)
NTSTATUS WdfImp_WdfMemoryCopyFromBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFMEMORY DestinationMemory, size_t DestinationOffset, PVOID Buffer, size_t NumBytesToCopyFrom);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfMemoryCopyFromBuffer(
    _In_ WDFMEMORY DestinationMemory,
    _In_ size_t DestinationOffset,
    _In_ PVOID Buffer,
    _In_ size_t NumBytesToCopyFrom
    )
{
    return WdfImp_WdfMemoryCopyFromBuffer(WdfDriverGlobals, DestinationMemory, DestinationOffset, Buffer, NumBytesToCopyFrom);
}

WDF_IMPORT(WdfLookasideListCreate)
NTSTATUS WdfImp_WdfLookasideListCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES LookasideAttributes, size_t BufferSize, POOL_TYPE PoolType, PWDF_OBJECT_ATTRIBUTES MemoryAttributes, ULONG PoolTag, WDFLOOKASIDE* Lookaside);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfLookasideListCreate(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES LookasideAttributes,
    _In_ size_t BufferSize,
    _In_ POOL_TYPE PoolType,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES MemoryAttributes,
    _In_opt_ ULONG PoolTag,
    _Out_ WDFLOOKASIDE* Lookaside
    )
{
    return WdfImp_WdfLookasideListCreate(WdfDriverGlobals, LookasideAttributes, BufferSize, PoolType, MemoryAttributes, PoolTag, Lookaside);
}

WDF_IMPORT(WdfMemoryCreateFromLookaside)
NTSTATUS WdfImp_WdfMemoryCreateFromLookaside(PWDF_DRIVER_GLOBALS DriverGlobals, WDFLOOKASIDE Lookaside, WDFMEMORY* Memory);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfMemoryCreateFromLookaside(
    _In_ WDFLOOKASIDE Lookaside,
    _Out_ WDFMEMORY* Memory
    )
{
    return WdfImp_WdfMemoryCreateFromLookaside(WdfDriverGlobals, Lookaside, Memory);
}

WDF_EXTERN_C_END

#endif /* _WDFMEMORY_H_ */
