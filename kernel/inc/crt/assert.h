/* assert.h - assert(). No include guard: the meaning of assert follows NDEBUG at each inclusion.
   A failed assertion reports expression, file and line through _wassert, then aborts. */
#include <corecrt.h>

#undef assert

#ifndef _CRT_WIDE
#define _CRT_WIDE_(_String) L##_String
#define _CRT_WIDE(_String) _CRT_WIDE_(_String)
#endif

#ifdef NDEBUG
#define assert(expression) ((void)0)
#else
#ifdef __cplusplus
extern "C"
#endif
_ACRTIMP void __cdecl _wassert(const wchar_t *_Message, const wchar_t *_File, unsigned _Line);
#define assert(expression) \
  (void)((!!(expression)) || (_wassert(_CRT_WIDE(#expression), _CRT_WIDE(__FILE__), (unsigned)(__LINE__)), 0))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif
