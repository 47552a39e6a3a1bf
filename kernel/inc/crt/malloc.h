/* malloc.h - heap allocation and stack allocation (_alloca). */
#pragma once
#ifndef _INC_MALLOC
#define _INC_MALLOC

#include <corecrt.h>

#ifdef __cplusplus
extern "C" {
#endif

_ACRTIMP void *__cdecl malloc(size_t _Size);
_ACRTIMP void *__cdecl calloc(size_t _Count, size_t _Size);
_ACRTIMP void *__cdecl realloc(void *_Block, size_t _Size);
_ACRTIMP void __cdecl free(void *_Block);
_ACRTIMP size_t __cdecl _msize(void *_Block);
_ACRTIMP void *__cdecl _aligned_malloc(size_t _Size, size_t _Alignment);
_ACRTIMP void __cdecl _aligned_free(void *_Block);

/* Stack allocation is the compiler's job, not a DLL's. */
#define _alloca(size) __builtin_alloca(size)
#ifndef alloca
#define alloca _alloca
#endif
#define _malloca(size) _alloca(size)
#define _freea(memory) ((void)(memory))

#ifdef __cplusplus
}
#endif

#endif /* _INC_MALLOC */
