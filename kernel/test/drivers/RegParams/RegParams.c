/*
 * RegParams: a legacy driver that reads its configuration the way classic NT drivers do. In DriverEntry it reads
 * its Parameters key with RtlQueryRegistryValues (DIRECT values, a default, a REQUIRED value that is missing, and
 * a callback that sees a REG_MULTI_SZ one string at a time), then walks the key with the Zw services (query in
 * each information class, too-small buffers, enumeration), keeps a boot counter (ZwCreateKey + ZwSetValueKey),
 * and tidies a scratch key away. Everything it saw goes into Observed for the test to compare with the registry.
 */
#include <ntddk.h>

#define REGP_TAG 'pgeR'

typedef struct _REGP_OBSERVED {
    ULONG PollInterval;          /* DIRECT REG_DWORD */
    ULONG Retries;               /* DIRECT with a default (value absent) */
    NTSTATUS RequiredMissing;    /* RtlQueryRegistryValues with a REQUIRED value that is not there */
    WCHAR PortName[16];          /* DIRECT REG_SZ into a caller buffer */
    ULONG PortNameLength;
    ULONG DeviceNameCount;       /* callback: strings of the REG_MULTI_SZ */
    WCHAR DeviceNames[64];       /* the strings, ';'-separated */
    NTSTATUS OpenStatus;         /* ZwOpenKey on RegistryPath\Parameters */
    NTSTATUS TooSmall;           /* KEY_VALUE_PARTIAL_INFORMATION header does not fit */
    NTSTATUS Overflow;           /* header fits, data does not */
    ULONG NeededLength;          /* ResultLength of the overflow */
    ULONG PartialType, PartialLength, PartialDword;
    ULONG FullNameLength, FullDataOffset, FullDataLength;
    ULONG BasicType;
    ULONG ValueCount;            /* ZwEnumerateValueKey until STATUS_NO_MORE_ENTRIES */
    NTSTATUS EnumEnd;
    ULONG SubkeyCount;           /* ZwEnumerateKey over the service key */
    WCHAR FirstSubkey[16];
    NTSTATUS MissingValue;       /* ZwQueryValueKey on a name that is not there */
    ULONG Disposition1, Disposition2; /* ZwCreateKey twice: new, then existing */
    ULONG BootCount;             /* read, incremented, written back */
    NTSTATUS ReadOnlySet;        /* ZwSetValueKey through a KEY_READ handle */
    NTSTATUS DeleteValue, DeleteMissingValue, DeleteKey, QueryDeleted, CheckAfterDelete, CreateKey, CheckKey, WriteValue, Flush;
} REGP_OBSERVED;

__declspec(dllexport) REGP_OBSERVED Observed;

static NTSTATUS NTAPI CollectDeviceName(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength, PVOID Context, PVOID EntryContext)
{
    REGP_OBSERVED *o = (REGP_OBSERVED *)Context;
    ULONG i, at = 0;
    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(EntryContext);
    if (ValueType != REG_SZ) return STATUS_OBJECT_TYPE_MISMATCH;
    while (at < 63 && o->DeviceNames[at] != 0) at++;
    if (o->DeviceNameCount > 0 && at < 63) o->DeviceNames[at++] = L';';
    for (i = 0; i < ValueLength / sizeof(WCHAR) && ((PWSTR)ValueData)[i] != 0 && at < 63; i++) o->DeviceNames[at++] = ((PWSTR)ValueData)[i];
    o->DeviceNames[at] = 0;
    o->DeviceNameCount++;
    return STATUS_SUCCESS;
}

static VOID ReadParameters(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[6];
    UNICODE_STRING port;
    ULONG defaultRetries = 3, missing = 0;
    WCHAR path[128];
    UNICODE_STRING full;

    RtlZeroMemory(path, sizeof(path));
    RtlInitEmptyUnicodeString(&full, path, sizeof(path));
    RtlCopyUnicodeString(&full, RegistryPath);
    RtlAppendUnicodeToString(&full, L"\\Parameters");

    RtlInitEmptyUnicodeString(&port, Observed.PortName, sizeof(Observed.PortName));
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"PollInterval";
    table[0].EntryContext = &Observed.PollInterval;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"Retries";
    table[1].EntryContext = &Observed.Retries;
    table[1].DefaultType = REG_DWORD;
    table[1].DefaultData = &defaultRetries;
    table[1].DefaultLength = sizeof(ULONG);
    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[2].Name = L"PortName";
    table[2].EntryContext = &port;
    table[3].QueryRoutine = CollectDeviceName;
    table[3].Name = L"DeviceNames";
    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, full.Buffer, table, &Observed, NULL);
    Observed.PortNameLength = port.Length;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = L"NoSuchValue";
    table[0].EntryContext = &missing;
    Observed.RequiredMissing = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, full.Buffer, table, NULL, NULL);
}

static VOID WalkKeys(PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE service = NULL, params = NULL, state = NULL, readOnly = NULL, scratch = NULL;
    UNICODE_STRING name;
    UCHAR buffer[128];
    PKEY_VALUE_PARTIAL_INFORMATION partial = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    PKEY_VALUE_FULL_INFORMATION fullInfo = (PKEY_VALUE_FULL_INFORMATION)buffer;
    PKEY_VALUE_BASIC_INFORMATION basic = (PKEY_VALUE_BASIC_INFORMATION)buffer;
    PKEY_BASIC_INFORMATION keyBasic = (PKEY_BASIC_INFORMATION)buffer;
    ULONG len = 0, i, count;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&service, KEY_READ, &oa))) return;
    RtlInitUnicodeString(&name, L"Parameters");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, service, NULL);
    Observed.OpenStatus = ZwOpenKey(&params, KEY_READ, &oa);
    if (!NT_SUCCESS(Observed.OpenStatus)) { ZwClose(service); return; }

    RtlInitUnicodeString(&name, L"PortName");
    Observed.TooSmall = ZwQueryValueKey(params, &name, KeyValuePartialInformation, buffer, 4, &len);
    Observed.Overflow = ZwQueryValueKey(params, &name, KeyValuePartialInformation, buffer, FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + 2, &len);
    Observed.NeededLength = len;
    RtlInitUnicodeString(&name, L"PollInterval");
    if (NT_SUCCESS(ZwQueryValueKey(params, &name, KeyValuePartialInformation, buffer, sizeof(buffer), &len))) {
        Observed.PartialType = partial->Type;
        Observed.PartialLength = partial->DataLength;
        Observed.PartialDword = *(ULONG *)partial->Data;
    }
    if (NT_SUCCESS(ZwQueryValueKey(params, &name, KeyValueFullInformation, buffer, sizeof(buffer), &len))) {
        Observed.FullNameLength = fullInfo->NameLength;
        Observed.FullDataOffset = fullInfo->DataOffset;
        Observed.FullDataLength = fullInfo->DataLength;
    }
    RtlInitUnicodeString(&name, L"DeviceNames");
    if (NT_SUCCESS(ZwQueryValueKey(params, &name, KeyValueBasicInformation, buffer, sizeof(buffer), &len))) Observed.BasicType = basic->Type;
    RtlInitUnicodeString(&name, L"Nothing");
    Observed.MissingValue = ZwQueryValueKey(params, &name, KeyValuePartialInformation, buffer, sizeof(buffer), &len);
    for (count = 0;; count++) {
        NTSTATUS s = ZwEnumerateValueKey(params, count, KeyValueBasicInformation, buffer, sizeof(buffer), &len);
        if (!NT_SUCCESS(s)) { Observed.EnumEnd = s; break; }
    }
    Observed.ValueCount = count;
    for (count = 0;; count++) {
        if (!NT_SUCCESS(ZwEnumerateKey(service, count, KeyBasicInformation, buffer, sizeof(buffer), &len))) break;
        if (count == 0) for (i = 0; i < keyBasic->NameLength / sizeof(WCHAR) && i < 15; i++) Observed.FirstSubkey[i] = keyBasic->Name[i];
    }
    Observed.SubkeyCount = count;

    /* A State key beside Parameters, holding a boot counter. */
    RtlInitUnicodeString(&name, L"State");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, service, NULL);
    ZwClose(service);
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&service, KEY_ALL_ACCESS, &oa))) {
        RtlInitUnicodeString(&name, L"State");
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, service, NULL);
        if (NT_SUCCESS(ZwCreateKey(&state, KEY_ALL_ACCESS, &oa, 0, NULL, REG_OPTION_NON_VOLATILE, &Observed.Disposition1))) {
            ULONG boots = 0;
            RtlInitUnicodeString(&name, L"BootCount");
            if (NT_SUCCESS(ZwQueryValueKey(state, &name, KeyValuePartialInformation, buffer, sizeof(buffer), &len)) && partial->DataLength == sizeof(ULONG))
                boots = *(ULONG *)partial->Data;
            boots++;
            ZwSetValueKey(state, &name, 0, REG_DWORD, &boots, sizeof(boots));
            Observed.BootCount = boots;
            Observed.Flush = ZwFlushKey(state);
            ZwClose(state);
        }
        RtlInitUnicodeString(&name, L"State");
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, service, NULL);
        if (NT_SUCCESS(ZwCreateKey(&state, KEY_READ, &oa, 0, NULL, REG_OPTION_NON_VOLATILE, &Observed.Disposition2))) ZwClose(state);
        if (NT_SUCCESS(ZwOpenKey(&readOnly, KEY_READ, &oa))) {
            ULONG v = 1;
            RtlInitUnicodeString(&name, L"Forbidden");
            Observed.ReadOnlySet = ZwSetValueKey(readOnly, &name, 0, REG_DWORD, &v, sizeof(v));
            ZwClose(readOnly);
        }
        /* A scratch key with one value, deleted again. */
        RtlInitUnicodeString(&name, L"Scratch");
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, service, NULL);
        if (NT_SUCCESS(ZwCreateKey(&scratch, KEY_ALL_ACCESS, &oa, 0, NULL, 0, NULL))) {
            ULONG v = 7;
            RtlInitUnicodeString(&name, L"Temp");
            ZwSetValueKey(scratch, &name, 0, REG_DWORD, &v, sizeof(v));
            Observed.DeleteValue = ZwDeleteValueKey(scratch, &name);
            Observed.DeleteMissingValue = ZwDeleteValueKey(scratch, &name);
            Observed.DeleteKey = ZwDeleteKey(scratch);
            Observed.QueryDeleted = ZwQueryValueKey(scratch, &name, KeyValuePartialInformation, buffer, sizeof(buffer), &len);
            ZwClose(scratch);
        }
        ZwClose(service);
    }
    ZwClose(params);
}

static VOID WriteStatus(PUNICODE_STRING RegistryPath)
{
    ULONG loaded = 1;
    Observed.CheckAfterDelete = RtlCheckRegistryKey(RTL_REGISTRY_SERVICES, L"RegParams\\Scratch");
    Observed.CreateKey = RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, L"RegParams\\Status");
    Observed.CheckKey = RtlCheckRegistryKey(RTL_REGISTRY_SERVICES, L"RegParams\\Status");
    Observed.WriteValue = RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, L"RegParams\\Status", L"Loaded", REG_DWORD, &loaded, sizeof(loaded));
    RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, L"RegParams\\Status", L"Message", REG_SZ, L"Parameters read", sizeof(L"Parameters read"));
    UNREFERENCED_PARAMETER(RegistryPath);
}

static VOID RegParamsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->DriverUnload = RegParamsUnload;
    ReadParameters(RegistryPath);
    WalkKeys(RegistryPath);
    WriteStatus(RegistryPath);
    return STATUS_SUCCESS;
}
