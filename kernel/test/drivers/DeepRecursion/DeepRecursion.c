/*
 * DeepRecursion - a buggy driver: a tree walk that recurses without a depth limit on a "tree" whose node points
 * back at itself, so every call takes another frame (and a 512-byte local buffer) until the kernel stack runs out.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

typedef struct _NODE { struct _NODE *Child; ULONG Value; } NODE, *PNODE;

static NODE g_Loop = { &g_Loop, 1 };

static ULONG SumTree(PNODE node)
{
    volatile UCHAR scratch[512];                        /* each frame takes this much kernel stack */

    if (node == NULL) {
        return 0;
    }
    scratch[0] = (UCHAR)node->Value;
    return scratch[0] + SumTree(node->Child);           /* BUG: no depth limit, and the node is its own child */
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "DeepRecursion: sum %lu\n", SumTree(&g_Loop));
    return STATUS_SUCCESS;
}
