/*
 * an_narrow.c - not written yet: SPEC.md 8.2 lists this analysis as planned.
 */
#include "analyse.h"

void an_narrowing(an_ctx *c)
{
    (void)c;
}
