/*
 * queue.h - the ECHO default I/O queue and its context.
 */
#ifndef _ECHO_QUEUE_H_
#define _ECHO_QUEUE_H_

/* Writes larger than this are refused (STATUS_INVALID_BUFFER_SIZE). */
#define MAX_WRITE_LENGTH (1024 * 40)

/* How long a request stays pending before the timer completes it. */
#define ECHO_COMPLETION_DELAY_MS 10

/* Per-queue data. The queue is created with queue-level synchronization,
 * so the I/O callbacks, the cancel routine and the timer (parented to the
 * queue) never run at the same time and need no lock of their own. */
typedef struct _QUEUE_CONTEXT {
    /* The data of the last write, kept for the next read. */
    WDFMEMORY WriteMemory;
    size_t WriteLength;

    /* The one request waiting for the timer, and how it will complete. */
    WDFREQUEST CurrentRequest;
    NTSTATUS CurrentStatus;
    size_t CurrentLength;

    WDFTIMER Timer;
} QUEUE_CONTEXT, *PQUEUE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(QUEUE_CONTEXT, QueueGetContext)

NTSTATUS
EchoQueueInitialize(
    _In_ WDFDEVICE Device
    );

EVT_WDF_IO_QUEUE_IO_READ EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE EchoEvtIoWrite;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EchoEvtIoQueueContextCleanup;
EVT_WDF_REQUEST_CANCEL EchoEvtRequestCancel;
EVT_WDF_TIMER EchoEvtTimerFunc;

#endif /* _ECHO_QUEUE_H_ */
