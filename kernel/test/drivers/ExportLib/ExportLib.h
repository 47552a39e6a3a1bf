/* ExportLib.h - the interface of the ExportLib export driver (a kernel-mode DLL). Drivers that call it include
   this header and link ExportLib.lib; the loader then brings ExportLib.sys in before them. */
#pragma once

#ifdef EXPORTLIB_BUILD
#define EXPORTLIB_API
#else
/* Imported from ExportLib.sys (what the import library records for each routine). */
#define EXPORTLIB_API __declspec(dllimport) __attribute__((import_module("ExportLib.sys")))
#endif

/* Adler-32 of a buffer, the checksum zlib uses. */
EXPORTLIB_API ULONG NTAPI ExportLibAdler32(_In_reads_bytes_(Length) const UCHAR *Data, _In_ ULONG Length);
/* How many checksums the library computed since it was loaded, and whether DllInitialize ran. */
EXPORTLIB_API LONG NTAPI ExportLibCallCount(VOID);
EXPORTLIB_API BOOLEAN NTAPI ExportLibInitialized(VOID);
