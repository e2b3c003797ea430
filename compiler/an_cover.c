/*
 * an_cover.c - not written yet: SPEC.md 8.2 lists this analysis as planned.
 */
#include "analyse.h"

void an_coverage(an_ctx *c)
{
    (void)c;
}
