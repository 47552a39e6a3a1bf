/*
 * basetsd.h - fixed-size and pointer-size integer types.
 *
 * DriverLab targets wasm32: pointers are 32 bits even though the build defines
 * _WIN64 (learners see 64-bit addresses; the code itself is ILP32/LLP64-like).
 * So the pointer-sized types follow the pointer, not _WIN64, and ULONG_PTR is
 * the same type as uintptr_t/size_t (unsigned long).
 */
#ifndef _BASETSD_H_
#define _BASETSD_H_
#pragma once

#ifndef _W64
#define _W64
#endif
#ifndef POINTER_32
#define POINTER_32
#define POINTER_64
#define FIRMWARE_PTR
#endif
#ifndef POINTER_SIGNED
#define POINTER_SIGNED
#define POINTER_UNSIGNED
#define SPOINTER_32
#define UPOINTER_32
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef signed char         INT8, *PINT8;
typedef signed short        INT16, *PINT16;
typedef signed int          INT32, *PINT32;
typedef signed __int64      INT64, *PINT64;
typedef unsigned char       UINT8, *PUINT8;
typedef unsigned short      UINT16, *PUINT16;
typedef unsigned int        UINT32, *PUINT32;
typedef unsigned __int64    UINT64, *PUINT64;

typedef signed int          LONG32, *PLONG32;
typedef unsigned int        ULONG32, *PULONG32;
typedef unsigned int        DWORD32, *PDWORD32;

/* Pointer-precision types (32-bit on wasm32). */
typedef int                 INT_PTR, *PINT_PTR;
typedef unsigned int        UINT_PTR, *PUINT_PTR;
typedef long                LONG_PTR, *PLONG_PTR;
typedef unsigned long       ULONG_PTR, *PULONG_PTR;
typedef short               HALF_PTR, *PHALF_PTR;
typedef unsigned short      UHALF_PTR, *PUHALF_PTR;
#define __int3264           __int32
#define MAXINT_PTR          (0x7fffffffL)
#define MININT_PTR          (0x80000000L)
#define MAXUINT_PTR         (0xffffffffUL)
#define MAXUHALF_PTR        ((UHALF_PTR)0xffff)
#define MAXHALF_PTR         ((HALF_PTR)0x7fff)
#define MINHALF_PTR         ((HALF_PTR)0x8000)

typedef ULONG_PTR           SIZE_T, *PSIZE_T;
typedef LONG_PTR            SSIZE_T, *PSSIZE_T;
typedef ULONG_PTR           DWORD_PTR, *PDWORD_PTR;
typedef __int64             LONG64, *PLONG64;
typedef unsigned __int64    ULONG64, *PULONG64;
typedef unsigned __int64    DWORD64, *PDWORD64;
typedef ULONG_PTR           KAFFINITY, *PKAFFINITY;

#define MAXSIZE_T           ((SIZE_T)~((SIZE_T)0))
#define MAXSSIZE_T          ((SSIZE_T)(MAXSIZE_T >> 1))
#define MINSSIZE_T          ((SSIZE_T)~MAXSSIZE_T)
#define MAXUINT8            ((UINT8)~((UINT8)0))
#define MAXINT8             ((INT8)(MAXUINT8 >> 1))
#define MININT8             ((INT8)~MAXINT8)
#define MAXUINT16           ((UINT16)~((UINT16)0))
#define MAXINT16            ((INT16)(MAXUINT16 >> 1))
#define MININT16            ((INT16)~MAXINT16)
#define MAXUINT32           ((UINT32)~((UINT32)0))
#define MAXINT32            ((INT32)(MAXUINT32 >> 1))
#define MININT32            ((INT32)~MAXINT32)
#define MAXUINT64           ((UINT64)~((UINT64)0))
#define MAXINT64            ((INT64)(MAXUINT64 >> 1))
#define MININT64            ((INT64)~MAXINT64)
#define MAXULONG32          ((ULONG32)~((ULONG32)0))
#define MAXLONG32           ((LONG32)(MAXULONG32 >> 1))
#define MINLONG32           ((LONG32)~MAXLONG32)
#define MAXULONG64          ((ULONG64)~((ULONG64)0))
#define MAXLONG64           ((LONG64)(MAXULONG64 >> 1))
#define MINLONG64           ((LONG64)~MAXLONG64)
#define MAXDWORD32          ((DWORD32)~((DWORD32)0))
#define MAXDWORD64          ((DWORD64)~((DWORD64)0))

/* Conversions between handles/pointers and integers. */
#define HandleToULong(h)    ((unsigned long)(ULONG_PTR)(h))
#define HandleToLong(h)     ((long)(LONG_PTR)(h))
#define ULongToHandle(ul)   ((void *)(ULONG_PTR)(ul))
#define LongToHandle(l)     ((void *)(LONG_PTR)(l))
#define PtrToUlong(p)       ((unsigned long)(ULONG_PTR)(p))
#define PtrToLong(p)        ((long)(LONG_PTR)(p))
#define PtrToUint(p)        ((unsigned int)(UINT_PTR)(p))
#define PtrToInt(p)         ((int)(INT_PTR)(p))
#define PtrToUshort(p)      ((unsigned short)(ULONG_PTR)(p))
#define PtrToShort(p)       ((short)(LONG_PTR)(p))
#define IntToPtr(i)         ((void *)(INT_PTR)(i))
#define UIntToPtr(ui)       ((void *)(UINT_PTR)(ui))
#define LongToPtr(l)        ((void *)(LONG_PTR)(l))
#define ULongToPtr(ul)      ((void *)(ULONG_PTR)(ul))
#define PtrToPtr64(p)       ((void *)(p))
#define Ptr64ToPtr(p)       ((void *)(p))
#define HandleToHandle64(h) (h)
#define Handle64ToHandle(h) (h)
#define PtrToUlong64(p)     ((ULONG64)(ULONG_PTR)(p))
#define Ptr32ToPtr(p)       ((void *)(p))
#define PtrToPtr32(p)       ((void *)(p))
#define ULongToPtr64(ul)    ((void *)(ULONG_PTR)(ul))

#ifdef __cplusplus
}
#endif
#endif /* _BASETSD_H_ */
