/* CrashUser.c - a user-mode program with a NULL pointer bug: it dies, and only it. */
#include <stdio.h>
#include <stddef.h>

struct settings { int verbose; };

int main(void)
{
    struct settings *s = NULL;      /* never allocated */
    printf("CrashUser: about to write through a NULL pointer\n");
    s->verbose = 1;                 /* an access violation: Windows ends this process */
    printf("CrashUser: not reached\n");
    return 0;
}
