/* apisetcconv.h - one import macro per user-mode DLL.
   On our wasm target an import records the DLL it comes from (the wasm import module),
   so each macro names its DLL. A DLL built from our sources defines its own _XXX_ macro
   to export instead of import. */
#pragma once

#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT __declspec(dllimport)
#endif

#if defined(__wasm__)
#define DECLSPEC_IMPORT_FROM(dll) DECLSPEC_IMPORT __attribute__((import_module(dll)))
#else
#define DECLSPEC_IMPORT_FROM(dll) DECLSPEC_IMPORT
#endif

/* kernel32.dll */
#ifndef WINBASEAPI
#if !defined(_KERNEL32_)
#define WINBASEAPI DECLSPEC_IMPORT_FROM("kernel32.dll")
#else
#define WINBASEAPI
#endif
#endif

/* advapi32.dll */
#ifndef WINADVAPI
#if !defined(_ADVAPI32_)
#define WINADVAPI DECLSPEC_IMPORT_FROM("advapi32.dll")
#else
#define WINADVAPI
#endif
#endif

/* cfgmgr32.dll */
#ifndef CMAPI
#if !defined(_CFGMGR32_)
#define CMAPI DECLSPEC_IMPORT_FROM("cfgmgr32.dll")
#else
#define CMAPI
#endif
#endif

/* setupapi.dll */
#ifndef WINSETUPAPI
#if !defined(_SETUPAPI_)
#define WINSETUPAPI DECLSPEC_IMPORT_FROM("setupapi.dll")
#else
#define WINSETUPAPI
#endif
#endif
