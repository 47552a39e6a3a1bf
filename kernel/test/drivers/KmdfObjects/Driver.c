/*
 * KmdfObjects - a root-enumerated KMDF driver that walks through the framework's general objects in its
 * EvtDeviceAdd and prints what happens: a parent and a child object with cleanup and destroy callbacks (deleting
 * the parent deletes the child; a reference keeps the parent's memory until it is released), a collection, a wait
 * lock and a spin lock around it, the driver's registry path, and a work item that runs later on a system thread.
 */
#include <ntddk.h>
#include <wdf.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD ObjectsEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP ObjectsEvtCleanup;
EVT_WDF_OBJECT_CONTEXT_DESTROY ObjectsEvtDestroy;
EVT_WDF_WORKITEM ObjectsEvtWorkItem;

typedef struct _TAG_CONTEXT {
    ULONG Tag;
} TAG_CONTEXT, *PTAG_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TAG_CONTEXT, TagContext)

VOID ObjectsEvtCleanup(_In_ WDFOBJECT Object)
{
    DbgPrint("KmdfObjects: cleanup %lu\n", TagContext(Object)->Tag);
}

VOID ObjectsEvtDestroy(_In_ WDFOBJECT Object)
{
    DbgPrint("KmdfObjects: destroy %lu\n", TagContext(Object)->Tag);
}

/* A general object with a tag in its context, under Parent. */
static NTSTATUS MakeTagged(_In_ WDFOBJECT Parent, _In_ ULONG Tag, _Out_ WDFOBJECT *Object)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TAG_CONTEXT);
    attributes.ParentObject = Parent;
    attributes.EvtCleanupCallback = ObjectsEvtCleanup;
    attributes.EvtDestroyCallback = ObjectsEvtDestroy;
    status = WdfObjectCreate(&attributes, Object);
    if (NT_SUCCESS(status)) {
        TagContext(*Object)->Tag = Tag;
    }
    return status;
}

VOID ObjectsEvtWorkItem(_In_ WDFWORKITEM WorkItem)
{
    WDFDEVICE device = (WDFDEVICE)WdfWorkItemGetParentObject(WorkItem);
    DbgPrint("KmdfObjects: work item ran at IRQL %u, parent is the device: %s\n", (unsigned)KeGetCurrentIrql(),
             device != NULL ? "yes" : "no");
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, ObjectsEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

NTSTATUS ObjectsEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDFDEVICE device;
    WDFOBJECT parent, child, first, second;
    WDFCOLLECTION collection;
    WDFWAITLOCK waitLock;
    WDFSPINLOCK spinLock;
    WDFWORKITEM workItem;
    WDF_WORKITEM_CONFIG workConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WdfDeviceInitSetExclusive(DeviceInit, TRUE);
    status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) return status;

    DbgPrint("KmdfObjects: registry path %ws\n", WdfDriverGetRegistryPath(Driver));

    /* Parent and child: deleting the parent takes the child with it; the reference keeps the parent until released. */
    status = MakeTagged(device, 1, &parent);
    if (!NT_SUCCESS(status)) return status;
    status = MakeTagged(parent, 2, &child);
    if (!NT_SUCCESS(status)) return status;
    WdfObjectReference(parent);
    DbgPrint("KmdfObjects: deleting the parent\n");
    WdfObjectDelete(parent);
    DbgPrint("KmdfObjects: releasing the reference\n");
    WdfObjectDereference(parent);

    /* A collection of two objects, changed under a wait lock, counted under a spin lock. */
    status = WdfCollectionCreate(WDF_NO_OBJECT_ATTRIBUTES, &collection);
    if (!NT_SUCCESS(status)) return status;
    status = WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &waitLock);
    if (!NT_SUCCESS(status)) return status;
    status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &spinLock);
    if (!NT_SUCCESS(status)) return status;
    status = MakeTagged(device, 10, &first);
    if (!NT_SUCCESS(status)) return status;
    status = MakeTagged(device, 11, &second);
    if (!NT_SUCCESS(status)) return status;
    WdfWaitLockAcquire(waitLock, NULL);
    WdfCollectionAdd(collection, first);
    WdfCollectionAdd(collection, second);
    WdfWaitLockRelease(waitLock);
    WdfSpinLockAcquire(spinLock);
    DbgPrint("KmdfObjects: collection holds %lu, item 1 has tag %lu\n", WdfCollectionGetCount(collection),
             TagContext(WdfCollectionGetItem(collection, 1))->Tag);
    WdfSpinLockRelease(spinLock);
    WdfCollectionRemove(collection, first);
    DbgPrint("KmdfObjects: after remove %lu, first item has tag %lu\n", WdfCollectionGetCount(collection),
             TagContext(WdfCollectionGetFirstItem(collection))->Tag);
    WdfObjectDelete(collection);

    /* A work item owned by the device: it runs later, at PASSIVE_LEVEL. */
    WDF_WORKITEM_CONFIG_INIT(&workConfig, ObjectsEvtWorkItem);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfWorkItemCreate(&workConfig, &attributes, &workItem);
    if (!NT_SUCCESS(status)) return status;
    WdfWorkItemEnqueue(workItem);
    DbgPrint("KmdfObjects: work item queued\n");
    return STATUS_SUCCESS;
}
