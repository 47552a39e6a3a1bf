// The C program the symbol tests build: known functions, locals, structs, enums, bitfields and PIC globals.
export const DRIVER_C = `
typedef unsigned long ULONG;
typedef long NTSTATUS;
typedef unsigned short WCHAR;

typedef struct _LIST_ENTRY { struct _LIST_ENTRY *Flink; struct _LIST_ENTRY *Blink; } LIST_ENTRY;
typedef enum _ECHO_STATE { EchoIdle = 0, EchoReading = 3, EchoWriting = 0x20 } ECHO_STATE;
typedef struct _ECHO_CONTEXT {
  short Type;
  unsigned short Size;
  ULONG Flags : 3;
  ULONG Pending : 5;
  ECHO_STATE State;
  union { ULONG Length; char Bytes[4]; } u;
  LIST_ENTRY Queue;
  char Tag[6];
  struct _ECHO_CONTEXT *Next;
} ECHO_CONTEXT, *PECHO_CONTEXT;

/* offsetof/sizeof as C computes them, to cross-check the DWARF. */
__attribute__((used)) const unsigned int EchoLayout[] = {
  sizeof(ECHO_CONTEXT), __builtin_offsetof(ECHO_CONTEXT, Size), __builtin_offsetof(ECHO_CONTEXT, State),
  __builtin_offsetof(ECHO_CONTEXT, u), __builtin_offsetof(ECHO_CONTEXT, Queue), __builtin_offsetof(ECHO_CONTEXT, Tag),
  __builtin_offsetof(ECHO_CONTEXT, Next),
};

int EchoCounter = 42;
ECHO_CONTEXT EchoContext = { 3, sizeof(ECHO_CONTEXT), 5, 17, EchoReading, { 0x1234 }, { 0, 0 }, "echo", 0 };
__attribute__((used)) const char *EchoName = "ECHO";
static ECHO_STATE EchoLastState = EchoWriting;

/* Two-dimensional arrays: a global and a struct member. */
typedef struct _ECHO_GRID { int Cells[2][3]; } ECHO_GRID;
__attribute__((used)) ECHO_GRID EchoGrid = { { { 1, 2, 3 }, { 4, 5, 6 } } };
__attribute__((used)) int EchoTable[2][3] = { { 7, 8, 9 }, { 10, 11, 12 } };

void ReportFrame(int tag);

static inline int EchoScale(int v) {
  int scaled = v * 3;                                   /*@scale*/
  return scaled + 1;
}

int EchoEvtIoRead(int length, int offset) {
  int total = length + offset;                          /*@read-total*/
  EchoContext.u.Length = (ULONG)total;                  /*@read-store*/
  EchoContext.Queue.Flink = &EchoContext.Queue;
  EchoCounter += total;
  ReportFrame(1);                                       /*@read-report*/
  return total * 2;                                     /*@read-return*/
}

int EchoEvtIoWrite(int length) {
  int scaled = EchoScale(length);                       /*@write-scale*/
  EchoLastState = EchoWriting;
  EchoCounter += scaled;
  return scaled;
}

NTSTATUS DriverEntry(void *DriverObject, void *RegistryPath) {
  NTSTATUS status = 0;                                  /*@entry-status*/
  for (int i = 0; i < 4; i++) {                         /*@entry-loop*/
    status += EchoEvtIoRead(i, 1);                      /*@entry-call*/
  }
  return status;
}
`;
