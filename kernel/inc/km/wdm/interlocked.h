/*
 * wdm/interlocked.h - Interlocked* operations and barriers (included by wdm.h).
 * On x64 these are compiler intrinsics; here they are clang __atomic builtins,
 * inlined at every optimisation level so they never appear as calls.
 */
#pragma once

#define MemoryBarrier()       __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define KeMemoryBarrier()     MemoryBarrier()
#define KeMemoryBarrierWithoutFence() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _ReadWriteBarrier()   __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _ReadBarrier()        __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _WriteBarrier()       __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define YieldProcessor()      ((void)0)
#define PreFetchCacheLine(l, a) ((void)(a))
#define PF_TEMPORAL_LEVEL_1   0
#define PF_NON_TEMPORAL_LEVEL_ALL 1

/* 32-bit */
WDM_INTRINSIC LONG InterlockedIncrement(_Inout_ _Interlocked_operand_ LONG volatile *Addend)
{ return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG InterlockedDecrement(_Inout_ _Interlocked_operand_ LONG volatile *Addend)
{ return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG InterlockedExchange(_Inout_ _Interlocked_operand_ LONG volatile *Target, _In_ LONG Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG InterlockedExchangeAdd(_Inout_ _Interlocked_operand_ LONG volatile *Addend, _In_ LONG Value)
{ return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG InterlockedAdd(_Inout_ _Interlocked_operand_ LONG volatile *Addend, _In_ LONG Value)
{ return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG InterlockedCompareExchange(_Inout_ _Interlocked_operand_ LONG volatile *Destination, _In_ LONG Exchange, _In_ LONG Comperand)
{ __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return Comperand; }
WDM_INTRINSIC LONG InterlockedAnd(_Inout_ _Interlocked_operand_ LONG volatile *Destination, _In_ LONG Value)
{ return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG InterlockedOr(_Inout_ _Interlocked_operand_ LONG volatile *Destination, _In_ LONG Value)
{ return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG InterlockedXor(_Inout_ _Interlocked_operand_ LONG volatile *Destination, _In_ LONG Value)
{ return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST); }

/* 8- and 16-bit */
WDM_INTRINSIC SHORT InterlockedIncrement16(_Inout_ SHORT volatile *Addend)
{ return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC SHORT InterlockedDecrement16(_Inout_ SHORT volatile *Addend)
{ return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC SHORT InterlockedCompareExchange16(_Inout_ SHORT volatile *Destination, _In_ SHORT Exchange, _In_ SHORT Comperand)
{ __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return Comperand; }
WDM_INTRINSIC CHAR InterlockedExchange8(_Inout_ CHAR volatile *Target, _In_ CHAR Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC CHAR InterlockedAnd8(_Inout_ CHAR volatile *Destination, _In_ CHAR Value)
{ return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC CHAR InterlockedOr8(_Inout_ CHAR volatile *Destination, _In_ CHAR Value)
{ return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST); }

/* 64-bit */
WDM_INTRINSIC LONG64 InterlockedIncrement64(_Inout_ LONG64 volatile *Addend)
{ return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG64 InterlockedDecrement64(_Inout_ LONG64 volatile *Addend)
{ return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG64 InterlockedExchange64(_Inout_ LONG64 volatile *Target, _In_ LONG64 Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG64 InterlockedExchangeAdd64(_Inout_ LONG64 volatile *Addend, _In_ LONG64 Value)
{ return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG64 InterlockedAdd64(_Inout_ LONG64 volatile *Addend, _In_ LONG64 Value)
{ return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG64 InterlockedCompareExchange64(_Inout_ LONG64 volatile *Destination, _In_ LONG64 Exchange, _In_ LONG64 Comperand)
{ __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return Comperand; }
WDM_INTRINSIC LONG64 InterlockedAnd64(_Inout_ LONG64 volatile *Destination, _In_ LONG64 Value)
{ return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC LONG64 InterlockedOr64(_Inout_ LONG64 volatile *Destination, _In_ LONG64 Value)
{ return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST); }

/* Pointers */
WDM_INTRINSIC PVOID InterlockedExchangePointer(_Inout_ PVOID volatile *Target, _In_opt_ PVOID Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
WDM_INTRINSIC PVOID InterlockedCompareExchangePointer(_Inout_ PVOID volatile *Destination, _In_opt_ PVOID Exchange, _In_opt_ PVOID Comperand)
{ __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); return Comperand; }

/* Bits */
WDM_INTRINSIC BOOLEAN InterlockedBitTestAndSet(_Inout_ LONG volatile *Base, _In_ LONG Bit)
{ return (BOOLEAN)((__atomic_fetch_or(Base, (LONG)(1UL << (Bit & 31)), __ATOMIC_SEQ_CST) >> (Bit & 31)) & 1); }
WDM_INTRINSIC BOOLEAN InterlockedBitTestAndReset(_Inout_ LONG volatile *Base, _In_ LONG Bit)
{ return (BOOLEAN)((__atomic_fetch_and(Base, (LONG)~(1UL << (Bit & 31)), __ATOMIC_SEQ_CST) >> (Bit & 31)) & 1); }
#define BitTest(b, n)  ((BOOLEAN)((*(b) >> (n)) & 1))

/* Size-agnostic spellings. */
#define InterlockedExchangeAddSizeT(a, b) ((SIZE_T)InterlockedExchangeAdd((LONG volatile *)(a), (LONG)(b)))
#define InterlockedIncrementSizeT(a)      ((SIZE_T)InterlockedIncrement((LONG volatile *)(a)))
#define InterlockedDecrementSizeT(a)      ((SIZE_T)InterlockedDecrement((LONG volatile *)(a)))
#define InterlockedIncrementAcquire       InterlockedIncrement
#define InterlockedIncrementRelease       InterlockedIncrement
#define InterlockedDecrementAcquire       InterlockedDecrement
#define InterlockedDecrementRelease       InterlockedDecrement
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedExchangeAcquire        InterlockedExchange
#define InterlockedOrRelease              InterlockedOr
#define InterlockedAndRelease             InterlockedAnd
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
#define InterlockedExchangePointerAcquire InterlockedExchangePointer
#define InterlockedIncrementNoFence       InterlockedIncrement
#define InterlockedDecrementNoFence       InterlockedDecrement

/* Plain loads and stores with ordering (the WDK's ReadAcquire, WriteRelease ...). */
WDM_INTRINSIC LONG ReadAcquire(_In_ LONG const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_ACQUIRE); }
WDM_INTRINSIC LONG ReadNoFence(_In_ LONG const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_RELAXED); }
WDM_INTRINSIC VOID WriteRelease(_Out_ LONG volatile *Destination, _In_ LONG Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELEASE); }
WDM_INTRINSIC VOID WriteNoFence(_Out_ LONG volatile *Destination, _In_ LONG Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELAXED); }
WDM_INTRINSIC PVOID ReadPointerAcquire(_In_ PVOID const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_ACQUIRE); }
WDM_INTRINSIC PVOID ReadPointerNoFence(_In_ PVOID const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_RELAXED); }
WDM_INTRINSIC VOID WritePointerRelease(_Out_ PVOID volatile *Destination, _In_ PVOID Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELEASE); }
WDM_INTRINSIC VOID WritePointerNoFence(_Out_ PVOID volatile *Destination, _In_ PVOID Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELAXED); }
