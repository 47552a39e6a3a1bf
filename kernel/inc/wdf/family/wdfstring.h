/*
 * wdfstring.h - framework string objects: a UNICODE_STRING whose buffer the
 * framework owns and frees with the object.
 */
#ifndef _WDFSTRING_H_
#define _WDFSTRING_H_

WDF_EXTERN_C_START

WDF_IMPORT(WdfStringCreate)
NTSTATUS WdfImp_WdfStringCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PCUNICODE_STRING UnicodeString, PWDF_OBJECT_ATTRIBUTES StringAttributes, WDFSTRING* String);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfStringCreate(
    _In_opt_ PCUNICODE_STRING UnicodeString,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES StringAttributes,
    _Out_ WDFSTRING* String
    )
{
    return WdfImp_WdfStringCreate(WdfDriverGlobals, UnicodeString, StringAttributes, String);
}

WDF_IMPORT(WdfStringGetUnicodeString)
VOID WdfImp_WdfStringGetUnicodeString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFSTRING String, PUNICODE_STRING UnicodeString);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfStringGetUnicodeString(
    _In_ WDFSTRING String,
    _Out_ PUNICODE_STRING UnicodeString
    )
{
    WdfImp_WdfStringGetUnicodeString(WdfDriverGlobals, String, UnicodeString);
}

WDF_EXTERN_C_END

#endif /* _WDFSTRING_H_ */
