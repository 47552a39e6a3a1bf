/*
 * wdm/hal.h - hardware access through the HAL: I/O ports and memory-mapped registers
 * (included by wdm.h). Both go through HAL.dll so the simulated machine's I/O bus
 * sees every access; on x64 the register forms are inline, which changes no caller.
 */
#pragma once

NTHALAPI UCHAR NTAPI READ_PORT_UCHAR(_In_ _Literal_ PUCHAR Port);
NTHALAPI USHORT NTAPI READ_PORT_USHORT(_In_ _Literal_ PUSHORT Port);
NTHALAPI ULONG NTAPI READ_PORT_ULONG(_In_ _Literal_ PULONG Port);
NTHALAPI VOID NTAPI READ_PORT_BUFFER_UCHAR(_In_ PUCHAR Port, _Out_writes_all_(Count) PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI READ_PORT_BUFFER_USHORT(_In_ PUSHORT Port, _Out_writes_all_(Count) PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI READ_PORT_BUFFER_ULONG(_In_ PULONG Port, _Out_writes_all_(Count) PULONG Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI WRITE_PORT_UCHAR(_In_ _Literal_ PUCHAR Port, _In_ UCHAR Value);
NTHALAPI VOID NTAPI WRITE_PORT_USHORT(_In_ _Literal_ PUSHORT Port, _In_ USHORT Value);
NTHALAPI VOID NTAPI WRITE_PORT_ULONG(_In_ _Literal_ PULONG Port, _In_ ULONG Value);
NTHALAPI VOID NTAPI WRITE_PORT_BUFFER_UCHAR(_In_ PUCHAR Port, _In_reads_(Count) PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI WRITE_PORT_BUFFER_USHORT(_In_ PUSHORT Port, _In_reads_(Count) PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI WRITE_PORT_BUFFER_ULONG(_In_ PULONG Port, _In_reads_(Count) PULONG Buffer, _In_ ULONG Count);

NTHALAPI UCHAR NTAPI READ_REGISTER_UCHAR(_In_ _Notliteral_ volatile UCHAR *Register);
NTHALAPI USHORT NTAPI READ_REGISTER_USHORT(_In_ _Notliteral_ volatile USHORT *Register);
NTHALAPI ULONG NTAPI READ_REGISTER_ULONG(_In_ _Notliteral_ volatile ULONG *Register);
NTHALAPI ULONG64 NTAPI READ_REGISTER_ULONG64(_In_ _Notliteral_ volatile ULONG64 *Register);
NTHALAPI VOID NTAPI READ_REGISTER_BUFFER_UCHAR(_In_ _Notliteral_ volatile UCHAR *Register, _Out_writes_all_(Count) PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI READ_REGISTER_BUFFER_USHORT(_In_ _Notliteral_ volatile USHORT *Register, _Out_writes_all_(Count) PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI READ_REGISTER_BUFFER_ULONG(_In_ _Notliteral_ volatile ULONG *Register, _Out_writes_all_(Count) PULONG Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI WRITE_REGISTER_UCHAR(_In_ _Notliteral_ volatile UCHAR *Register, _In_ UCHAR Value);
NTHALAPI VOID NTAPI WRITE_REGISTER_USHORT(_In_ _Notliteral_ volatile USHORT *Register, _In_ USHORT Value);
NTHALAPI VOID NTAPI WRITE_REGISTER_ULONG(_In_ _Notliteral_ volatile ULONG *Register, _In_ ULONG Value);
NTHALAPI VOID NTAPI WRITE_REGISTER_ULONG64(_In_ _Notliteral_ volatile ULONG64 *Register, _In_ ULONG64 Value);
NTHALAPI VOID NTAPI WRITE_REGISTER_BUFFER_UCHAR(_In_ _Notliteral_ volatile UCHAR *Register, _In_reads_(Count) PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI WRITE_REGISTER_BUFFER_USHORT(_In_ _Notliteral_ volatile USHORT *Register, _In_reads_(Count) PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID NTAPI WRITE_REGISTER_BUFFER_ULONG(_In_ _Notliteral_ volatile ULONG *Register, _In_reads_(Count) PULONG Buffer, _In_ ULONG Count);

/* Legacy (non-PnP) drivers: the system interrupt vector, DIRQL and affinity of a bus interrupt level (an ISA IRQ). */
DECLSPEC_DEPRECATED_DDK NTHALAPI ULONG NTAPI HalGetInterruptVector(_In_ INTERFACE_TYPE InterfaceType, _In_ ULONG BusNumber,
    _In_ ULONG BusInterruptLevel, _In_ ULONG BusInterruptVector, _Out_ PKIRQL Irql, _Out_ PKAFFINITY Affinity);
