/*
 * explain.h - rendering an outcome as text or JSON.
 */
#ifndef REMIT_EXPLAIN_H
#define REMIT_EXPLAIN_H

#include <stdio.h>

#include "policy.h"

const char *xp_outcome_word(ev_outcome o);
void xp_text(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r);
void xp_json(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r);
/* The same without the final newline, to embed in a batch record. */
void xp_json_line(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r);
/* A whole batch record, {"line":N,"result":...}, and its newline, in one
 * write to out. */
void xp_json_record(FILE *out, long lineno, const remit_policy *p, const ev_decision *d,
                    const ev_result *r);

/* An obligation as text ("report to ICB Board by 2026-12-20"). */
void xp_due_text(const remit_policy *p, const ev_decision *d, const ev_due *u, char *buf, size_t n);
/* The value v of field f as written: in an explanation ("£1,500,000",
 * "{ a, b }", a text the policy writes, quoted, and "" for any other), or
 * (as_input) as YAML input takes it ("\"£1,500,000\"", "[a, b]", and
 * "Example Ltd" for a text the policy does not write, SPEC 8.2). */
void xp_value_text(const remit_policy *p, const pl_field *f, int64_t v, bool as_input, char *buf,
                   size_t n);
/* The JSON name of a kind of reason ("reserved"). */
const char *xp_why_word(ev_why_kind k);

#endif
