/*
 * FileLog: a driver that keeps a log file on the system disk, as drivers write their own trace files at
 * PASSIVE_LEVEL: ZwCreateFile (overwrite-if), two ZwWriteFile calls (the second appended at end of file), ZwClose;
 * then reads the file back with its size from ZwQueryInformationFile, reads past the end, and tries the opens
 * that fail (missing file, missing folder, create over an existing file, a device that does not exist).
 */
#include <ntddk.h>

typedef struct _FILELOG_OBSERVED {
    NTSTATUS Create; ULONG CreateInformation;
    NTSTATUS Write1, Write2; ULONG Written2;
    NTSTATUS Reopen; ULONG ReopenInformation;
    NTSTATUS Query; ULONG EndOfFile;
    NTSTATUS Read; ULONG ReadLength; CHAR Text[64];
    NTSTATUS ReadPastEnd;
    NTSTATUS Position; ULONG CurrentOffset;
    NTSTATUS MissingFile, MissingFolder, Collision, MissingDevice, WriteReadOnly;
} FILELOG_OBSERVED;

__declspec(dllexport) FILELOG_OBSERVED Observed;

static NTSTATUS OpenLog(PCWSTR path, ACCESS_MASK access, ULONG disposition, PHANDLE file, PULONG information)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    NTSTATUS s;
    RtlInitUnicodeString(&name, path);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    *file = NULL;
    iosb.Information = 0;
    s = ZwCreateFile(file, access | SYNCHRONIZE, &oa, &iosb, NULL, FILE_ATTRIBUTE_NORMAL, 0, disposition,
                     FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (information) *information = (ULONG)iosb.Information;
    return s;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    static const CHAR first[] = "FileLog started\r\n";
    static const CHAR second[] = "second line\r\n";
    HANDLE file;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER end;
    FILE_STANDARD_INFORMATION standard;
    FILE_POSITION_INFORMATION position;
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    Observed.Create = OpenLog(L"\\??\\C:\\DriverTest\\FileLog.txt", FILE_WRITE_DATA, FILE_OVERWRITE_IF, &file, &Observed.CreateInformation);
    if (NT_SUCCESS(Observed.Create)) {
        Observed.Write1 = ZwWriteFile(file, NULL, NULL, NULL, &iosb, (PVOID)first, sizeof(first) - 1, NULL, NULL);
        end.HighPart = -1;
        end.LowPart = FILE_WRITE_TO_END_OF_FILE;
        Observed.Write2 = ZwWriteFile(file, NULL, NULL, NULL, &iosb, (PVOID)second, sizeof(second) - 1, &end, NULL);
        Observed.Written2 = (ULONG)iosb.Information;
        Observed.WriteReadOnly = ZwReadFile(file, NULL, NULL, NULL, &iosb, Observed.Text, 4, NULL, NULL);
        ZwClose(file);
    }
    Observed.Reopen = OpenLog(L"\\DosDevices\\C:\\DriverTest\\FileLog.txt", FILE_READ_DATA, FILE_OPEN, &file, &Observed.ReopenInformation);
    if (NT_SUCCESS(Observed.Reopen)) {
        Observed.Query = ZwQueryInformationFile(file, &iosb, &standard, sizeof(standard), FileStandardInformation);
        Observed.EndOfFile = standard.EndOfFile.LowPart;
        Observed.Read = ZwReadFile(file, NULL, NULL, NULL, &iosb, Observed.Text, sizeof(Observed.Text) - 1, NULL, NULL);
        Observed.ReadLength = (ULONG)iosb.Information;
        Observed.ReadPastEnd = ZwReadFile(file, NULL, NULL, NULL, &iosb, Observed.Text + 60, 2, NULL, NULL);
        Observed.Position = ZwQueryInformationFile(file, &iosb, &position, sizeof(position), FilePositionInformation);
        Observed.CurrentOffset = position.CurrentByteOffset.LowPart;
        ZwClose(file);
    }
    Observed.MissingFile = OpenLog(L"\\??\\C:\\DriverTest\\NoSuchFile.txt", FILE_READ_DATA, FILE_OPEN, &file, NULL);
    Observed.MissingFolder = OpenLog(L"\\??\\C:\\NoSuchFolder\\FileLog.txt", FILE_WRITE_DATA, FILE_OVERWRITE_IF, &file, NULL);
    Observed.Collision = OpenLog(L"\\??\\C:\\DriverTest\\FileLog.txt", FILE_WRITE_DATA, FILE_CREATE, &file, NULL);
    Observed.MissingDevice = OpenLog(L"\\Device\\NoSuchDevice", FILE_READ_DATA, FILE_OPEN, &file, NULL);
    return STATUS_SUCCESS;
}
