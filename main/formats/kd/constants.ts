// KD protocol numbers, as the real kernel debugger uses them on the wire (packet leaders, types, ids, APIs).
// Payload structures behind them are our own layouts (payload.ts); the numbers are the real ones.

export const PACKET_LEADER = 0x30303030; // "0000": data packet
export const CONTROL_PACKET_LEADER = 0x69696969; // "iiii": ack / resend / reset
export const PACKET_LEADER_BYTE = 0x30;
export const CONTROL_PACKET_LEADER_BYTE = 0x69;
export const BREAKIN_PACKET_BYTE = 0x62; // "b": Ctrl+Break from the host
export const PACKET_TRAILING_BYTE = 0xaa;
export const PACKET_MAX_SIZE = 4000;
export const HEADER_SIZE = 16;
export const INITIAL_PACKET_ID = 0x80800000;
export const SYNC_PACKET_ID = 0x00000800;

export const PacketType = {
  STATE_CHANGE32: 1, STATE_MANIPULATE: 2, DEBUG_IO: 3, ACKNOWLEDGE: 4, RESEND: 5, RESET: 6,
  STATE_CHANGE64: 7, POLL_BREAKIN: 8, TRACE_IO: 9, CONTROL_REQUEST: 10, FILE_IO: 11,
} as const;

export const StateChange = { Exception: 0x3030, LoadSymbols: 0x3031, CommandString: 0x3032 } as const;

export const Api = {
  ReadVirtualMemory: 0x3130, WriteVirtualMemory: 0x3131, GetContext: 0x3132, SetContext: 0x3133,
  WriteBreakPoint: 0x3134, RestoreBreakPoint: 0x3135, Continue: 0x3136, ReadControlSpace: 0x3137,
  WriteControlSpace: 0x3138, Reboot: 0x313b, Continue2: 0x313c, GetVersion: 0x3146, CauseBugCheck: 0x3149,
  GetContextEx: 0x315f, SetContextEx: 0x3160,
} as const;

export const DebugIo = { PrintString: 0x3230, GetString: 0x3231 } as const;

/** NTSTATUS values the manipulate responses carry. */
export const KdStatus = { SUCCESS: 0, UNSUCCESSFUL: 0xc0000001, ACCESS_VIOLATION: 0xc0000005, NOT_IMPLEMENTED: 0xc0000002 } as const;

/** Exception codes the debugger names. */
export const ExceptionCode = { BREAKPOINT: 0x80000003, SINGLE_STEP: 0x80000004, ACCESS_VIOLATION: 0xc0000005 } as const;

/** Machine type in the version block: x64, as the learner's target reports itself. */
export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
