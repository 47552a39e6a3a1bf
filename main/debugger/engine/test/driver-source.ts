// The driver the debugger tests run: DbgPrintEx at two levels, a helper with locals, a global struct, and modes
// picked by the second DriverEntry argument (1 spins until `Spin` is cleared, 2 floods DbgPrint, 3 writes NULL,
// 4 spins forever at DISPATCH_LEVEL).
export const SPIN_C = `#include <wdm.h>
typedef struct _COUNTER { ULONG Hits; LONG Total; } COUNTER;
COUNTER Counter = { 1, 2 };
volatile LONG Spin = 1;

static LONG Add(LONG a, LONG b) {
    LONG sum = a + b;                                   /*@add-sum*/
    return sum;                                         /*@add-return*/
}

static void Poke(PLONG target) {
    *target = 5;                                        /*@poke*/
}

static void SpinAtDispatch(void) {
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    for (;;) { Counter.Hits++; }                        /*@dispatch-spin*/
}

NTSTATUS DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
    LONG i, total = 0;
    ULONG_PTR mode = (ULONG_PTR)RegistryPath;
    for (i = 0; i < 3; i++) {
        total = Add(total, i);                          /*@loop-add*/
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "step %d total %d\\n", i, total);
    }
    Counter.Total = total;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "info level message\\n");
    if (mode == 1) { while (Spin) { Counter.Hits++; } }  /*@spin*/
    if (mode == 2) { for (i = 0; i < 10000; i++) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "flood %d\\n", i); }
    if (mode == 3) Poke((PLONG)0);
    if (mode == 4) SpinAtDispatch();
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "done\\n");
    return 0;
}
`;
