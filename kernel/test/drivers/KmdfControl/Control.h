// KmdfControl's interface with controlapp: the name user mode opens and the IOCTL it answers.
#pragma once

#define KMDFCONTROL_DEVICE_NAME L"\\Device\\KmdfControl"
#define KMDFCONTROL_DOS_NAME    L"\\DosDevices\\KmdfControl"

// Answers with a ULONG: how many requests the control device has served, counting this one.
#define IOCTL_KMDFCONTROL_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

// Sends an IOCTL (input: a zeroed buffer as large as the output) to another device by name through a remote I/O
// target and answers with what that device returned.
#define IOCTL_KMDFCONTROL_FORWARD \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _KMDFCONTROL_FORWARD {
    ULONG IoControlCode;
    WCHAR TargetName[64];   // e.g. L"\\DosDevices\\KmdfStack", NUL-terminated
} KMDFCONTROL_FORWARD, *PKMDFCONTROL_FORWARD;
