/* dongioctl.h - the interface between dongtest and the DongLpt classic (NT4-style) driver:
   device names, I/O control codes (one per transfer method) and the structures they carry.
   Shared by the driver and the program, so both must agree on every value here. */
#pragma once

/* The Win32 name a program opens; the driver links it to \Device\DongLpt0 (kernel numbers are zero-based). */
#define DONG_WIN32_NAME_FORMAT L"\\\\.\\DongLpt%d"
#define DONG_DEFAULT_WIN32_NAME L"\\\\.\\DongLpt1"

/* Device types 0x8000-0xFFFF are for vendors; function codes 0x800-0xFFF likewise. */
#define FILE_DEVICE_DONGLPT 0x00008000

/* Buffered: the I/O manager copies the small structures both ways. */
#define IOCTL_DONG_GET_VERSION CTL_CODE(FILE_DEVICE_DONGLPT, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* In-direct: the input buffer holds a DONG_TRANSFER; the output buffer is locked (MDL) and holds the
   bytes the driver sends to the dongle. */
#define IOCTL_DONG_WRITE_DATA CTL_CODE(FILE_DEVICE_DONGLPT, 0x801, METHOD_IN_DIRECT, FILE_WRITE_ACCESS)
/* Out-direct: the input buffer holds a DONG_TRANSFER; the driver fills the locked output buffer. */
#define IOCTL_DONG_READ_DATA CTL_CODE(FILE_DEVICE_DONGLPT, 0x802, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
/* Neither: the driver gets the caller's raw pointer and must probe it (in the caller's context). */
#define IOCTL_DONG_QUERY_STATUS CTL_CODE(FILE_DEVICE_DONGLPT, 0x803, METHOD_NEITHER, FILE_ANY_ACCESS)
/* Buffered, both directions: a challenge in, the dongle's response out. */
#define IOCTL_DONG_CHALLENGE CTL_CODE(FILE_DEVICE_DONGLPT, 0x804, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

/* The dongle's memory that IOCTL_DONG_WRITE_DATA / IOCTL_DONG_READ_DATA address. */
#define DONG_MEMORY_SIZE 256

typedef struct _DONG_VERSION {
    unsigned short Major;
    unsigned short Minor;
    unsigned long PortBase;   /* I/O port of the parallel port the dongle sits on, e.g. 0x378 */
} DONG_VERSION, *PDONG_VERSION;

typedef struct _DONG_TRANSFER {
    unsigned long Offset;     /* into the dongle memory; Offset + length must not pass DONG_MEMORY_SIZE */
} DONG_TRANSFER, *PDONG_TRANSFER;

typedef struct _DONG_STATUS {
    unsigned long Present;    /* 1 when a dongle answers on the port */
    unsigned long OpenCount;
    unsigned long BytesWritten;
    unsigned long BytesRead;
} DONG_STATUS, *PDONG_STATUS;

/* What a genuine dongle answers to a challenge. */
static __inline unsigned long DongResponse(unsigned long challenge)
{
    unsigned long r = (challenge << 7) | (challenge >> 25);
    return r ^ 0x5A5AA5A5UL;
}
