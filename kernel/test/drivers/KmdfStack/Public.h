// KmdfStack's interface with its test program: the name user mode opens and the one IOCTL it sends.
#pragma once

#define KMDFSTACK_DOS_NAME L"\\DosDevices\\KmdfStack"

// Each driver the request passes appends its name to the buffer ("UpperFilter>KmdfStack>LowerFilter>").
#define IOCTL_KMDFSTACK_WHO_SEES \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define KMDFSTACK_PATH_MAX 128
