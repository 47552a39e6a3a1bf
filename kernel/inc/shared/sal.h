/*
 * sal.h - DriverLab's source-code annotation language (SAL 2.0) macros.
 *
 * Static analysis (PREfast / Code Analysis) reads these annotations; our compiler
 * does not, so every annotation expands to nothing. They exist so that code
 * written for the real WDK compiles unchanged. The driver-specific annotations
 * (_IRQL_*, __drv_*, _Dispatch_type_ ...) live in driverspecs.h, included below.
 */
#ifndef _DRIVERLAB_SAL_H_
#define _DRIVERLAB_SAL_H_
#pragma once

#define _SAL_VERSION 20
#define _USE_ATTRIBUTES_FOR_SAL 0
#define _USE_DECLSPECS_FOR_SAL 0

/* ---- parameters: input ---- */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _In_reads_z_(size)
#define _In_reads_opt_z_(size)
#define _In_reads_or_z_(size)
#define _In_reads_or_z_opt_(size)
#define _In_reads_to_ptr_(ptr)
#define _In_reads_to_ptr_opt_(ptr)
#define _In_reads_to_ptr_z_(ptr)
#define _In_reads_to_ptr_opt_z_(ptr)
#define _In_range_(lb, ub)
#define _In_NLS_string_(size)
#define _In_defensive_(annotes)
#define _Const_

/* ---- parameters: output ---- */
#define _Out_
#define _Out_opt_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_z_(size)
#define _Out_writes_opt_z_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_to_opt_(size, count)
#define _Out_writes_all_(size)
#define _Out_writes_all_opt_(size)
#define _Out_writes_bytes_to_(size, count)
#define _Out_writes_bytes_to_opt_(size, count)
#define _Out_writes_bytes_all_(size)
#define _Out_writes_bytes_all_opt_(size)
#define _Out_writes_to_ptr_(ptr)
#define _Out_writes_to_ptr_opt_(ptr)
#define _Out_writes_to_ptr_z_(ptr)
#define _Out_writes_to_ptr_opt_z_(ptr)
#define _Out_range_(lb, ub)
#define _Out_defensive_(annotes)

/* ---- parameters: in/out ---- */
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_opt_z_
#define _Inout_updates_(size)
#define _Inout_updates_opt_(size)
#define _Inout_updates_z_(size)
#define _Inout_updates_opt_z_(size)
#define _Inout_updates_to_(size, count)
#define _Inout_updates_to_opt_(size, count)
#define _Inout_updates_all_(size)
#define _Inout_updates_all_opt_(size)
#define _Inout_updates_bytes_(size)
#define _Inout_updates_bytes_opt_(size)
#define _Inout_updates_bytes_to_(size, count)
#define _Inout_updates_bytes_to_opt_(size, count)
#define _Inout_updates_bytes_all_(size)
#define _Inout_updates_bytes_all_opt_(size)
#define _Inout_defensive_(annotes)

/* ---- pointer-to-pointer outputs ---- */
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_z_
#define _Outptr_opt_result_z_
#define _Outptr_result_maybenull_z_
#define _Outptr_opt_result_maybenull_z_
#define _Outptr_result_nullonfailure_
#define _Outptr_opt_result_nullonfailure_
#define _Outptr_result_buffer_(size)
#define _Outptr_opt_result_buffer_(size)
#define _Outptr_result_buffer_to_(size, count)
#define _Outptr_opt_result_buffer_to_(size, count)
#define _Outptr_result_buffer_all_(size)
#define _Outptr_opt_result_buffer_all_(size)
#define _Outptr_result_buffer_maybenull_(size)
#define _Outptr_opt_result_buffer_maybenull_(size)
#define _Outptr_result_bytebuffer_(size)
#define _Outptr_opt_result_bytebuffer_(size)
#define _Outptr_result_bytebuffer_to_(size, count)
#define _Outptr_opt_result_bytebuffer_to_(size, count)
#define _Outptr_result_bytebuffer_all_(size)
#define _Outptr_opt_result_bytebuffer_all_(size)
#define _Outptr_result_bytebuffer_maybenull_(size)
#define _Outptr_opt_result_bytebuffer_maybenull_(size)
#define _Outref_
#define _Outref_result_maybenull_
#define _Outref_result_buffer_(size)
#define _Outref_result_bytebuffer_(size)
#define _Outref_result_nullonfailure_
#define _COM_Outptr_
#define _COM_Outptr_opt_
#define _COM_Outptr_result_maybenull_
#define _COM_Outptr_opt_result_maybenull_
#define _Deref_out_
#define _Deref_out_opt_
#define _Deref_opt_out_
#define _Deref_opt_out_opt_
#define _Deref_out_z_
#define _Deref_out_range_(lb, ub)
#define _Deref_in_range_(lb, ub)
#define _Deref_inout_range_(lb, ub)
#define _Deref_pre_z_
#define _Deref_post_z_
#define _Deref_pre_maybenull_
#define _Deref_post_maybenull_
#define _Deref_post_null_
#define _Deref_post_notnull_
#define _Deref_pre_readonly_
#define _Deref_ret_z_
#define _Deref_inout_z_
#define _Deref_out_bound_
#define _Deref_in_bound_
#define _Deref2_pre_readonly_

/* ---- return values ---- */
#define _Ret_
#define _Ret_z_
#define _Ret_valid_
#define _Ret_notnull_
#define _Ret_maybenull_
#define _Ret_null_
#define _Ret_maybenull_z_
#define _Ret_opt_
#define _Ret_writes_(size)
#define _Ret_writes_z_(size)
#define _Ret_writes_bytes_(size)
#define _Ret_writes_maybenull_(size)
#define _Ret_writes_maybenull_z_(size)
#define _Ret_writes_bytes_maybenull_(size)
#define _Ret_writes_to_(size, count)
#define _Ret_writes_bytes_to_(size, count)
#define _Ret_writes_to_maybenull_(size, count)
#define _Ret_writes_bytes_to_maybenull_(size, count)
#define _Ret_range_(lb, ub)
#define _Ret_bound_
#define _Must_inspect_result_
#define _Check_return_
#define _Use_decl_annotations_
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Post_equals_last_error_
#define _Translates_Win32_to_HRESULT_(errorCode)
#define _Translates_NTSTATUS_to_HRESULT_(status)
#define _Translates_last_error_to_HRESULT_

/* ---- fields and structures ---- */
#define _Field_z_
#define _Field_size_(size)
#define _Field_size_opt_(size)
#define _Field_size_bytes_(size)
#define _Field_size_bytes_opt_(size)
#define _Field_size_part_(size, count)
#define _Field_size_part_opt_(size, count)
#define _Field_size_bytes_part_(size, count)
#define _Field_size_bytes_part_opt_(size, count)
#define _Field_size_full_(size)
#define _Field_size_full_opt_(size)
#define _Field_size_bytes_full_(size)
#define _Field_size_bytes_full_opt_(size)
#define _Field_range_(lb, ub)
#define _Struct_size_bytes_(size)
#define _Readable_bytes_(size)
#define _Readable_elements_(size)
#define _Writable_bytes_(size)
#define _Writable_elements_(size)

/* ---- pre/post conditions and general building blocks ---- */
#define _Pre_
#define _Post_
#define _Deref_
#define _Pre_z_
#define _Post_z_
#define _Pre_valid_
#define _Post_valid_
#define _Pre_invalid_
#define _Post_invalid_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_null_
#define _Post_notnull_
#define _Post_maybenull_
#define _Post_null_
#define _Pre_readonly_
#define _Pre_opt_valid_
#define _Post_ptr_invalid_
#define _Pre_defensive_
#define _Post_defensive_
#define _Pre_satisfies_(cond)
#define _Post_satisfies_(cond)
#define _Satisfies_(cond)
#define _Pre_equal_to_(expr)
#define _Post_equal_to_(expr)
#define _Pre_readable_size_(size)
#define _Pre_readable_byte_size_(size)
#define _Pre_writable_size_(size)
#define _Pre_writable_byte_size_(size)
#define _Post_readable_size_(size)
#define _Post_readable_byte_size_(size)
#define _Post_writable_size_(size)
#define _Post_writable_byte_size_(size)
#define _Pre_cap_(size)
#define _Pre_bytecap_(size)
#define _Post_count_(size)
#define _Post_bytecount_(size)
#define _Valid_
#define _Notvalid_
#define _Notnull_
#define _Maybenull_
#define _Null_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Notliteral_
#define _Literal_
#define _Reserved_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Points_to_data_
#define _Unchanged_(expr)
#define _Old_(expr) expr
#define _Param_(n)
#define _Curr_
#define _Inexpressible_(expr)
#define _Nullterm_length_(ptr)
#define _String_length_(ptr)
#define _Writes_and_advances_ptr_(size)
#define _Writes_bytes_and_advances_ptr_(size)
#define _When_(expr, annos)
#define _At_(target, annos)
#define _At_buffer_(target, iter, bound, annos)
#define _Group_(annos)
#define _On_failure_(annos)
#define _Always_(annos)
#define _Printf_format_string_
#define _Printf_format_string_params_(x)
#define _Scanf_format_string_
#define _Scanf_s_format_string_
#define _Format_string_impl_(kind, where)
#define _Strict_type_match_
#define _Enum_is_bitflag_
#define _Analysis_noreturn_
#define _Analysis_assume_(expr)
#define _Analysis_assume_nullterminated_(x)
#define _Analysis_mode_(mode)
#define _Analysis_suppress_lock_checking_(lock)
#define _Check_return_opt_
#define _Check_return_wat_
#define _In_count_(size)
#define _In_opt_count_(size)
#define _In_bytecount_(size)
#define _In_opt_bytecount_(size)
#define _In_count_c_(size)
#define _In_bytecount_c_(size)
#define _In_z_count_(size)
#define _Out_cap_(size)
#define _Out_opt_cap_(size)
#define _Out_bytecap_(size)
#define _Out_opt_bytecap_(size)
#define _Out_cap_c_(size)
#define _Out_bytecap_c_(size)
#define _Out_z_cap_(size)
#define _Out_cap_post_count_(cap, count)
#define _Out_bytecap_post_bytecount_(cap, count)
#define _Out_z_cap_post_count_(cap, count)
#define _Out_z_bytecap_(size)
#define _Inout_cap_(size)
#define _Inout_opt_cap_(size)
#define _Inout_bytecap_(size)
#define _Inout_opt_bytecap_(size)
#define _Inout_count_(size)
#define _Inout_bytecount_(size)
#define _Inout_z_cap_(size)
#define _Deref_out_z_cap_(size)
#define _Ret_opt_bytecap_(size)
#define _Ret_bytecap_(size)

/* ---- concurrency ---- */
#define _Acquires_lock_(lock)
#define _Releases_lock_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Releases_exclusive_lock_(lock)
#define _Acquires_shared_lock_(lock)
#define _Releases_shared_lock_(lock)
#define _Acquires_nonreentrant_lock_(lock)
#define _Releases_nonreentrant_lock_(lock)
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Requires_exclusive_lock_held_(lock)
#define _Requires_shared_lock_held_(lock)
#define _Requires_no_locks_held_
#define _Post_same_lock_(a, b)
#define _Create_lock_level_(level)
#define _Has_lock_kind_(kind)
#define _Has_lock_level_(level)
#define _Lock_level_order_(a, b)
#define _Guarded_by_(lock)
#define _Write_guarded_by_(lock)
#define _Interlocked_
#define _Interlocked_operand_
#define _No_competing_thread_
#define _No_competing_thread_begin_
#define _No_competing_thread_end_
#define _Benign_race_begin_
#define _Benign_race_end_
#define _Function_ignore_lock_checking_(lock)
#define _Analysis_assume_lock_acquired_(lock)
#define _Analysis_assume_lock_released_(lock)
#define _Analysis_assume_lock_held_(lock)
#define _Analysis_assume_lock_not_held_(lock)
#define _Analysis_assume_same_lock_(a, b)

/* ---- the older SAL 1 spellings still found in driver code ---- */
#define __in
#define __in_opt
#define __in_z
#define __in_opt_z
#define __out
#define __out_opt
#define __out_z
#define __out_z_opt
#define __inout
#define __inout_opt
#define __inout_z
#define __inout_opt_z
#define __in_bcount(size)
#define __in_bcount_opt(size)
#define __in_ecount(size)
#define __in_ecount_opt(size)
#define __in_xcount(size)
#define __in_xcount_opt(size)
#define __in_bcount_z(size)
#define __in_ecount_z(size)
#define __out_bcount(size)
#define __out_bcount_opt(size)
#define __out_ecount(size)
#define __out_ecount_opt(size)
#define __out_xcount(size)
#define __out_xcount_opt(size)
#define __out_bcount_part(size, length)
#define __out_bcount_part_opt(size, length)
#define __out_ecount_part(size, length)
#define __out_ecount_part_opt(size, length)
#define __out_bcount_full(size)
#define __out_bcount_full_opt(size)
#define __out_ecount_full(size)
#define __out_ecount_full_opt(size)
#define __out_ecount_z(size)
#define __out_bcount_z(size)
#define __inout_bcount(size)
#define __inout_bcount_opt(size)
#define __inout_ecount(size)
#define __inout_ecount_opt(size)
#define __inout_bcount_part(size, length)
#define __inout_ecount_part(size, length)
#define __inout_bcount_full(size)
#define __inout_ecount_full(size)
#define __inout_ecount_z(size)
#define __deref_in
#define __deref_in_opt
#define __deref_out
#define __deref_out_opt
#define __deref_opt_out
#define __deref_opt_out_opt
#define __deref_inout
#define __deref_inout_opt
#define __deref_out_ecount(size)
#define __deref_out_bcount(size)
#define __deref_out_ecount_opt(size)
#define __deref_out_bcount_opt(size)
#define __deref_out_z
#define __deref_opt_out_bcount(size)
#define __field_bcount(size)
#define __field_bcount_opt(size)
#define __field_ecount(size)
#define __field_ecount_opt(size)
#define __field_bcount_part(size, init)
#define __field_ecount_part(size, init)
#define __field_bcount_full(size)
#define __field_ecount_full(size)
#define __field_range(lb, ub)
#define __out_range(lb, ub)
#define __in_range(lb, ub)
#define __range(lb, ub)
#define __checkReturn
#define __success(expr)
#define __nullterminated
#define __nullnullterminated
#define __reserved
#define __callback
#define __format_string
#define __blocksOn(resource)
#define __control_entrypoint(category)
#define __rpc_entry
#define __fallthrough
#define __analysis_assume(expr)
#define __assume_bound(x)
#define __bcount(size)
#define __ecount(size)
#define __bcount_opt(size)
#define __ecount_opt(size)
#define __typefix(ctype)
#define __override
#define __notnull
#define __maybenull
#define __maybevalid
#define __readonly
#define __valid
#define __notvalid
#define __post
#define __pre
#define __deref
#define __exceptthat
#define __refparam
#define __inner_checkReturn

/* ---- declaration specifiers (DECLSPEC_*), mapped onto clang attributes for wasm32 ---- */
#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT            /* imports are named per module by NTKERNELAPI & co. */
#endif
#ifndef DECLSPEC_EXPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#endif
#ifndef DECLSPEC_NORETURN
#define DECLSPEC_NORETURN __attribute__((noreturn))
#endif
#ifndef DECLSPEC_NOINLINE
#define DECLSPEC_NOINLINE __attribute__((noinline))
#endif
#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#endif
#ifndef SYSTEM_CACHE_ALIGNMENT_SIZE
#define SYSTEM_CACHE_ALIGNMENT_SIZE 64
#endif
#ifndef DECLSPEC_CACHEALIGN
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(SYSTEM_CACHE_ALIGNMENT_SIZE)
#endif
#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __attribute__((weak))   /* one copy survives the link, as COMDAT any */
#endif
#ifndef DECLSPEC_NOVTABLE
#define DECLSPEC_NOVTABLE
#endif
#ifndef DECLSPEC_UUID
#define DECLSPEC_UUID(x)
#endif
#ifndef DECLSPEC_NOTHROW
#define DECLSPEC_NOTHROW __attribute__((nothrow))
#endif
#ifndef DECLSPEC_RESTRICT
#define DECLSPEC_RESTRICT
#endif
#ifndef DECLSPEC_ADDRSAFE
#define DECLSPEC_ADDRSAFE
#endif
#ifndef DECLSPEC_SAFEBUFFERS
#define DECLSPEC_SAFEBUFFERS
#endif
#ifndef DECLSPEC_NOSANITIZE_ADDRESS
#define DECLSPEC_NOSANITIZE_ADDRESS
#endif
#ifndef DECLSPEC_NOINITALL
#define DECLSPEC_NOINITALL
#endif
#ifndef DECLSPEC_GUARDNOCF
#define DECLSPEC_GUARDNOCF
#endif
#ifndef DECLSPEC_GUARD_SUPPRESS
#define DECLSPEC_GUARD_SUPPRESS
#endif
#ifndef DECLSPEC_HOTPATCH
#define DECLSPEC_HOTPATCH
#endif
#ifndef DECLSPEC_DEPRECATED
#define DECLSPEC_DEPRECATED __attribute__((deprecated))
#endif
#ifndef DECLSPEC_DEPRECATED_DDK
#define DECLSPEC_DEPRECATED_DDK            /* the WDK warns only with DEPRECATE_DDK_FUNCTIONS */
#endif
#ifndef DECLSPEC_DEPRECATED_DDK_WINXP
#define DECLSPEC_DEPRECATED_DDK_WINXP
#endif
#ifndef DECLSPEC_CHPE_GUEST
#define DECLSPEC_CHPE_GUEST
#endif
#ifndef DECLSPEC_CHPE_PATCHABLE
#define DECLSPEC_CHPE_PATCHABLE
#endif

#endif /* _DRIVERLAB_SAL_H_ */

/* Driver annotations are part of the set every driver source expects. */
#include <driverspecs.h>
