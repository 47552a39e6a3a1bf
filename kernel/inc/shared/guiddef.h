/*
 * guiddef.h - GUID and DEFINE_GUID.
 *
 * DEFINE_GUID declares the GUID everywhere and defines (allocates) it only in a
 * translation unit that included <initguid.h> first; that is why the DEFINE_GUID
 * part sits outside the include guard and is re-evaluated on each inclusion.
 */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    unsigned long  Data1;
    unsigned short Data2;
    unsigned short Data3;
    unsigned char  Data4[8];
} GUID;
#endif

#ifndef FAR
#define FAR
#endif
#ifndef EXTERN_C
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#endif
#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __attribute__((weak))
#endif

#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
/* In C a file-scope const already has external linkage; C++ needs extern "C". */
#ifdef __cplusplus
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID DECLSPEC_SELECTANY name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID DECLSPEC_SELECTANY name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#endif
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID FAR name
#endif
#define DEFINE_OLEGUID(name, l, w1, w2) DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)

#ifndef _GUIDDEF_H_
#define _GUIDDEF_H_

typedef GUID *LPGUID;
typedef const GUID *LPCGUID;
typedef GUID IID, *LPIID;
typedef GUID CLSID, *LPCLSID;
typedef GUID FMTID, *LPFMTID;
#define IID_NULL   GUID_NULL
#define CLSID_NULL GUID_NULL
#define FMTID_NULL GUID_NULL

#ifdef __cplusplus
#define REFGUID   const GUID &
#define REFIID    const IID &
#define REFCLSID  const IID &
#define REFFMTID  const IID &
#else
#define REFGUID   const GUID *
#define REFIID    const IID *
#define REFCLSID  const IID *
#define REFFMTID  const IID *
#endif

/* Compare two GUIDs field by field (no memcmp import needed). */
static __inline int InlineIsEqualGUID(const GUID *a, const GUID *b)
{
    const unsigned long *x = (const unsigned long *)a, *y = (const unsigned long *)b;
    return x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3];
}
#ifdef __cplusplus
#define IsEqualGUID(rguid1, rguid2) InlineIsEqualGUID(&(rguid1), &(rguid2))
#else
#define IsEqualGUID(rguid1, rguid2) InlineIsEqualGUID(rguid1, rguid2)
#endif
#define IsEqualIID(riid1, riid2)     IsEqualGUID(riid1, riid2)
#define IsEqualCLSID(rclsid1, rclsid2) IsEqualGUID(rclsid1, rclsid2)

#ifdef __cplusplus
static __inline bool operator==(const GUID &a, const GUID &b) { return InlineIsEqualGUID(&a, &b) != 0; }
static __inline bool operator!=(const GUID &a, const GUID &b) { return !(a == b); }
#endif

#endif /* _GUIDDEF_H_ */
