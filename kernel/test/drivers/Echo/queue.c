/*
 * queue.c - the ECHO I/O queue: writes are stored in a framework memory
 * object, reads copy them back; each request is completed by a one-shot
 * timer shortly after it arrives, and can be cancelled while it waits.
 */
#include "driver.h"

NTSTATUS
EchoQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    WDFQUEUE queue;
    NTSTATUS status;
    PQUEUE_CONTEXT queueContext;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_OBJECT_ATTRIBUTES queueAttributes;
    WDF_TIMER_CONFIG timerConfig;
    WDF_OBJECT_ATTRIBUTES timerAttributes;

    PAGED_CODE();

    /* Sequential: one request at a time reaches EchoEvtIoRead/Write; the
     * next is presented only after the current one completes. */
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = EchoEvtIoRead;
    queueConfig.EvtIoWrite = EchoEvtIoWrite;

    /* Queue-level synchronization serializes the queue's callbacks, the
     * cancel routine and the timer parented to the queue. */
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&queueAttributes, QUEUE_CONTEXT);
    queueAttributes.SynchronizationScope = WdfSynchronizationScopeQueue;
    queueAttributes.EvtCleanupCallback = EchoEvtIoQueueContextCleanup;

    status = WdfIoQueueCreate(Device, &queueConfig, &queueAttributes, &queue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfIoQueueCreate failed 0x%x\n", status));
        return status;
    }

    queueContext = QueueGetContext(queue);
    queueContext->WriteMemory = NULL;
    queueContext->WriteLength = 0;
    queueContext->CurrentRequest = NULL;
    queueContext->CurrentStatus = STATUS_INVALID_DEVICE_REQUEST;
    queueContext->CurrentLength = 0;

    /* One-shot timer, serialized with the queue (AutomaticSerialization). */
    WDF_TIMER_CONFIG_INIT(&timerConfig, EchoEvtTimerFunc);

    WDF_OBJECT_ATTRIBUTES_INIT(&timerAttributes);
    timerAttributes.ParentObject = queue;

    status = WdfTimerCreate(&timerConfig, &timerAttributes, &queueContext->Timer);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfTimerCreate failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
EchoEvtIoQueueContextCleanup(
    _In_ WDFOBJECT Object
    )
{
    PQUEUE_CONTEXT queueContext = QueueGetContext(Object);

    /* The memory object is parented to the queue and would go with it;
     * deleting it here just makes the release visible. */
    if (queueContext->WriteMemory != NULL) {
        WdfObjectDelete(queueContext->WriteMemory);
        queueContext->WriteMemory = NULL;
    }
}

/* Holds Request until the timer fires, completing it then with Status and
 * Length. Called with the queue's lock held (queue synchronization). */
static
VOID
EchoPendRequest(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ NTSTATUS Status,
    _In_ size_t Length
    )
{
    PQUEUE_CONTEXT queueContext = QueueGetContext(Queue);
    NTSTATUS status;

    status = WdfRequestMarkCancelableEx(Request, EchoEvtRequestCancel);
    if (!NT_SUCCESS(status)) {
        /* Already cancelled: finish it now instead of pending it. */
        WdfRequestComplete(Request, status);
        return;
    }

    queueContext->CurrentRequest = Request;
    queueContext->CurrentStatus = Status;
    queueContext->CurrentLength = Length;

    WdfTimerStart(queueContext->Timer, WDF_REL_TIMEOUT_IN_MS(ECHO_COMPLETION_DELAY_MS));
}

VOID
EchoEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    NTSTATUS status;
    WDFMEMORY requestMemory;
    WDF_OBJECT_ATTRIBUTES memoryAttributes;
    PQUEUE_CONTEXT queueContext = QueueGetContext(Queue);

    KdPrint(("ECHO: EchoEvtIoWrite called, Request %p Length %Iu\n", Request, Length));

    if (Length > MAX_WRITE_LENGTH) {
        KdPrint(("ECHO: write of %Iu bytes is over the %u byte limit\n", Length, MAX_WRITE_LENGTH));
        WdfRequestCompleteWithInformation(Request, STATUS_INVALID_BUFFER_SIZE, 0);
        return;
    }

    status = WdfRequestRetrieveInputMemory(Request, &requestMemory);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfRequestRetrieveInputMemory failed 0x%x\n", status));
        WdfRequestComplete(Request, status);
        return;
    }

    /* Drop the previous write's data; a write replaces it. */
    if (queueContext->WriteMemory != NULL) {
        WdfObjectDelete(queueContext->WriteMemory);
        queueContext->WriteMemory = NULL;
        queueContext->WriteLength = 0;
    }

    /* Parented to the queue, so it can never outlive it. */
    WDF_OBJECT_ATTRIBUTES_INIT(&memoryAttributes);
    memoryAttributes.ParentObject = Queue;

    status = WdfMemoryCreate(&memoryAttributes,
                             NonPagedPoolNx,
                             'ohcE',
                             Length,
                             &queueContext->WriteMemory,
                             NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfMemoryCreate of %Iu bytes failed 0x%x\n", Length, status));
        queueContext->WriteMemory = NULL;
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCopyToBuffer(requestMemory,
                                   0,
                                   WdfMemoryGetBuffer(queueContext->WriteMemory, NULL),
                                   Length);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfMemoryCopyToBuffer failed 0x%x\n", status));
        WdfObjectDelete(queueContext->WriteMemory);
        queueContext->WriteMemory = NULL;
        WdfRequestComplete(Request, status);
        return;
    }

    queueContext->WriteLength = Length;

    EchoPendRequest(Queue, Request, STATUS_SUCCESS, Length);
}

VOID
EchoEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    NTSTATUS status;
    WDFMEMORY requestMemory;
    size_t copyLength;
    PQUEUE_CONTEXT queueContext = QueueGetContext(Queue);

    KdPrint(("ECHO: EchoEvtIoRead called, Request %p Length %Iu\n", Request, Length));

    /* Nothing written yet: a read returns no data, successfully. */
    if (queueContext->WriteMemory == NULL) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    copyLength = Length < queueContext->WriteLength ? Length : queueContext->WriteLength;

    status = WdfRequestRetrieveOutputMemory(Request, &requestMemory);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfRequestRetrieveOutputMemory failed 0x%x\n", status));
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCopyFromBuffer(requestMemory,
                                     0,
                                     WdfMemoryGetBuffer(queueContext->WriteMemory, NULL),
                                     copyLength);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfMemoryCopyFromBuffer failed 0x%x\n", status));
        WdfRequestComplete(Request, status);
        return;
    }

    EchoPendRequest(Queue, Request, STATUS_SUCCESS, copyLength);
}

VOID
EchoEvtRequestCancel(
    _In_ WDFREQUEST Request
    )
{
    PQUEUE_CONTEXT queueContext = QueueGetContext(WdfRequestGetIoQueue(Request));

    KdPrint(("ECHO: EchoEvtRequestCancel called, Request %p\n", Request));

    /* Serialized with the timer, so the timer cannot complete it too. */
    if (queueContext->CurrentRequest == Request) {
        queueContext->CurrentRequest = NULL;
    }

    WdfRequestCompleteWithInformation(Request, STATUS_CANCELLED, 0);
}

VOID
EchoEvtTimerFunc(
    _In_ WDFTIMER Timer
    )
{
    NTSTATUS status;
    WDFREQUEST request;
    WDFQUEUE queue = (WDFQUEUE) WdfTimerGetParentObject(Timer);
    PQUEUE_CONTEXT queueContext = QueueGetContext(queue);

    request = queueContext->CurrentRequest;
    if (request == NULL) {
        return;
    }

    /* If the request is being cancelled, the cancel routine completes it. */
    status = WdfRequestUnmarkCancelable(request);
    if (status == STATUS_CANCELLED) {
        return;
    }

    queueContext->CurrentRequest = NULL;

    KdPrint(("ECHO: EchoEvtTimerFunc completing Request %p, status 0x%x, %Iu bytes\n",
             request, queueContext->CurrentStatus, queueContext->CurrentLength));

    WdfRequestCompleteWithInformation(request,
                                      queueContext->CurrentStatus,
                                      queueContext->CurrentLength);
}
