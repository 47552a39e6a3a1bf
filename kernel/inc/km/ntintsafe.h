/*
 * ntintsafe.h - integer arithmetic and conversions that fail instead of wrapping.
 * Each routine returns STATUS_SUCCESS, or STATUS_INTEGER_OVERFLOW and stores the
 * type's *_ERROR value in the result. Inline, over the compiler's overflow builtins.
 */
#ifndef _NTINTSAFE_H_INCLUDED_
#define _NTINTSAFE_H_INCLUDED_
#pragma once

#include <ntdef.h>
#include <ntstatus.h>

#define INTSAFE_E_ARITHMETIC_OVERFLOW ((NTSTATUS)0xC0000095L)   /* STATUS_INTEGER_OVERFLOW */

#define BYTE_ERROR      0xff
#define SHORT_ERROR     (-1)
#define USHORT_ERROR    0xffff
#define WORD_ERROR      USHORT_ERROR
#define INT_ERROR       (-1)
#define UINT_ERROR      0xffffffffU
#define LONG_ERROR      (-1L)
#define ULONG_ERROR     0xffffffffUL
#define DWORD_ERROR     ULONG_ERROR
#define LONGLONG_ERROR  (-1LL)
#define ULONGLONG_ERROR 0xffffffffffffffffULL
#define SIZET_ERROR     ((SIZE_T)-1)
#define ULONG_PTR_ERROR ((ULONG_PTR)-1)

/* One definition per operation and type; "Go to definition" lands on the expansion below. */
#define NTINTSAFE_OP(Name, Type, Builtin, Error) \
    FORCEINLINE NTSTATUS Name(_In_ Type Left, _In_ Type Right, _Out_ _Deref_out_range_(==, Left + Right) Type *Result) \
    { \
        if (Builtin(Left, Right, Result)) { *Result = (Type)(Error); return STATUS_INTEGER_OVERFLOW; } \
        return STATUS_SUCCESS; \
    }
#define NTINTSAFE_CONVERT(Name, From, To, Error) \
    FORCEINLINE NTSTATUS Name(_In_ From Operand, _Out_ To *Result) \
    { \
        if (__builtin_add_overflow(Operand, (From)0, Result)) { *Result = (To)(Error); return STATUS_INTEGER_OVERFLOW; } \
        return STATUS_SUCCESS; \
    }

EXTERN_C_START

NTINTSAFE_OP(RtlUShortAdd, USHORT, __builtin_add_overflow, USHORT_ERROR)
NTINTSAFE_OP(RtlUShortSub, USHORT, __builtin_sub_overflow, USHORT_ERROR)
NTINTSAFE_OP(RtlUShortMult, USHORT, __builtin_mul_overflow, USHORT_ERROR)
NTINTSAFE_OP(RtlUIntAdd, UINT, __builtin_add_overflow, UINT_ERROR)
NTINTSAFE_OP(RtlUIntSub, UINT, __builtin_sub_overflow, UINT_ERROR)
NTINTSAFE_OP(RtlUIntMult, UINT, __builtin_mul_overflow, UINT_ERROR)
NTINTSAFE_OP(RtlULongAdd, ULONG, __builtin_add_overflow, ULONG_ERROR)
NTINTSAFE_OP(RtlULongSub, ULONG, __builtin_sub_overflow, ULONG_ERROR)
NTINTSAFE_OP(RtlULongMult, ULONG, __builtin_mul_overflow, ULONG_ERROR)
NTINTSAFE_OP(RtlULongLongAdd, ULONGLONG, __builtin_add_overflow, ULONGLONG_ERROR)
NTINTSAFE_OP(RtlULongLongSub, ULONGLONG, __builtin_sub_overflow, ULONGLONG_ERROR)
NTINTSAFE_OP(RtlULongLongMult, ULONGLONG, __builtin_mul_overflow, ULONGLONG_ERROR)
NTINTSAFE_OP(RtlSizeTAdd, SIZE_T, __builtin_add_overflow, SIZET_ERROR)
NTINTSAFE_OP(RtlSizeTSub, SIZE_T, __builtin_sub_overflow, SIZET_ERROR)
NTINTSAFE_OP(RtlSizeTMult, SIZE_T, __builtin_mul_overflow, SIZET_ERROR)
NTINTSAFE_OP(RtlULongPtrAdd, ULONG_PTR, __builtin_add_overflow, ULONG_PTR_ERROR)
NTINTSAFE_OP(RtlULongPtrSub, ULONG_PTR, __builtin_sub_overflow, ULONG_PTR_ERROR)
NTINTSAFE_OP(RtlULongPtrMult, ULONG_PTR, __builtin_mul_overflow, ULONG_PTR_ERROR)
NTINTSAFE_OP(RtlLongAdd, LONG, __builtin_add_overflow, LONG_ERROR)
NTINTSAFE_OP(RtlLongSub, LONG, __builtin_sub_overflow, LONG_ERROR)
NTINTSAFE_OP(RtlLongMult, LONG, __builtin_mul_overflow, LONG_ERROR)
NTINTSAFE_OP(RtlLongLongAdd, LONGLONG, __builtin_add_overflow, LONGLONG_ERROR)
NTINTSAFE_OP(RtlLongLongSub, LONGLONG, __builtin_sub_overflow, LONGLONG_ERROR)
NTINTSAFE_OP(RtlLongLongMult, LONGLONG, __builtin_mul_overflow, LONGLONG_ERROR)
#define RtlDWordAdd  RtlULongAdd
#define RtlDWordSub  RtlULongSub
#define RtlDWordMult RtlULongMult
#define RtlDWordPtrAdd RtlULongPtrAdd
#define RtlDWordPtrMult RtlULongPtrMult

NTINTSAFE_CONVERT(RtlULongToUShort, ULONG, USHORT, USHORT_ERROR)
NTINTSAFE_CONVERT(RtlULongToUChar, ULONG, UCHAR, BYTE_ERROR)
NTINTSAFE_CONVERT(RtlULongToLong, ULONG, LONG, LONG_ERROR)
NTINTSAFE_CONVERT(RtlLongToULong, LONG, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERT(RtlLongToUShort, LONG, USHORT, USHORT_ERROR)
NTINTSAFE_CONVERT(RtlULongLongToULong, ULONGLONG, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERT(RtlULongLongToSizeT, ULONGLONG, SIZE_T, SIZET_ERROR)
NTINTSAFE_CONVERT(RtlULongLongToLong, ULONGLONG, LONG, LONG_ERROR)
NTINTSAFE_CONVERT(RtlLongLongToULong, LONGLONG, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERT(RtlLongLongToLong, LONGLONG, LONG, LONG_ERROR)
NTINTSAFE_CONVERT(RtlSizeTToULong, SIZE_T, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERT(RtlSizeTToUShort, SIZE_T, USHORT, USHORT_ERROR)
NTINTSAFE_CONVERT(RtlULongPtrToULong, ULONG_PTR, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERT(RtlUIntToUShort, UINT, USHORT, USHORT_ERROR)
#define RtlSizeTToDWord RtlSizeTToULong
#define RtlULongLongToDWord RtlULongLongToULong

EXTERN_C_END

#undef NTINTSAFE_OP
#undef NTINTSAFE_CONVERT

#endif /* _NTINTSAFE_H_INCLUDED_ */
