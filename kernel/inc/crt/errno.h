/* errno.h - the C runtime error number and its values (the UCRT's numbering). */
#pragma once
#ifndef _INC_ERRNO
#define _INC_ERRNO

#include <corecrt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* errno is per thread, so it is a function-backed lvalue. */
_ACRTIMP int *__cdecl _errno(void);
#ifndef errno
#define errno (*_errno())
#endif
_ACRTIMP errno_t __cdecl _set_errno(int _Value);
_ACRTIMP errno_t __cdecl _get_errno(int *_Value);
_ACRTIMP unsigned long *__cdecl __doserrno(void);
#define _doserrno (*__doserrno())

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define EDOM 33
#define EDEADLK 36
#define ENAMETOOLONG 38
#define ENOLCK 39
#define ENOSYS 40
#define ENOTEMPTY 41
#define EINVAL 22
#define ERANGE 34
#define EILSEQ 42
#define STRUNCATE 80
#define EDEADLOCK EDEADLK

#define EADDRINUSE 100
#define ECANCELED 105
#define ECONNREFUSED 107
#define ENOTSUP 129
#define ETIMEDOUT 138
#define EWOULDBLOCK 140
#define EOVERFLOW 132

#ifdef __cplusplus
}
#endif

#endif /* _INC_ERRNO */
