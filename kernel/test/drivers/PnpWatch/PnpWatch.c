/*
 * PnpWatch - a legacy WDM driver (sc create/start) that watches the ECHO driver's device interface class with
 * IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange) and prints each arrival and removal it hears
 * of, with the symbolic link; DriverUnload unregisters (IoUnregisterPlugPlayNotificationEx).
 */
#include <initguid.h>
#include <ntddk.h>
#include <wdmguid.h>

/* The ECHO driver's interface class (its public.h). */
DEFINE_GUID(GUID_DEVINTERFACE_ECHO, 0xcdc35b6e, 0x0be4, 0x4936, 0xbf, 0x5f, 0x55, 0x37, 0x38, 0x0a, 0x7c, 0x1a);

#define SAY(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PnpWatchUnload;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE PnpWatchInterfaceChange;

static PVOID g_NotificationEntry;
static ULONG g_Heard;

NTSTATUS PnpWatchInterfaceChange(_In_ PVOID NotificationStructure, _Inout_opt_ PVOID Context)
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION change = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;
    const char *what = "unknown event";

    if (IsEqualGUID(&change->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        what = "arrival";
    } else if (IsEqualGUID(&change->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        what = "removal";
    }
    g_Heard++;
    SAY("PnpWatch: %s of %wZ (class %s, context %s, IRQL %u)\n", what, change->SymbolicLinkName,
        IsEqualGUID(&change->InterfaceClassGuid, &GUID_DEVINTERFACE_ECHO) ? "ECHO" : "other",
        Context == (PVOID)&g_Heard ? "ours" : "wrong", (unsigned)KeGetCurrentIrql());
    return STATUS_SUCCESS;
}

VOID PnpWatchUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoUnregisterPlugPlayNotificationEx(g_NotificationEntry);
    SAY("PnpWatch: unregistered after %lu notifications\n", g_Heard);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = PnpWatchUnload;
    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&GUID_DEVINTERFACE_ECHO, DriverObject, PnpWatchInterfaceChange,
                                            &g_Heard, &g_NotificationEntry);
    SAY("PnpWatch: IoRegisterPlugPlayNotification 0x%08X\n", status);
    return status;
}
