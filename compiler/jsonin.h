/*
 * jsonin.h - reading one JSON value (in practice, one line of a batch)
 * into the same yi_node tree as yamlin.h, fast (a small strict reader of
 * its own; jsonin.c says why).  Prefix ji_.
 *
 * The tree is built in the session arena and typed by input.c exactly as
 * a tree from yamlin.c is: strings are quoted scalars, numbers, true and
 * false are plain scalars holding their text as written, null is a plain
 * null scalar; locations are byte offsets into the session file, a string
 * covering its quotes, a mapping or list its brackets.
 *
 * The rules and codes are yamlin.c's: R0701 malformed (at the fault),
 * R0702 empty, R0703 more after the value, R0706 duplicate key, R0708
 * nesting deeper than YI_MAX_DEPTH, R0709 more than YI_MAX_NODES values,
 * R0710 a value longer than YI_MAX_SCALAR bytes, R0712 NUL in a value
 * (\u0000), R0005 and R0006 bytes that are not UTF-8 text.  JSON is read
 * strictly (RFC 8259): no comments, single quotes, trailing commas, bare
 * words or lone UTF-16 surrogates; \u escapes, surrogate pairs included,
 * are decoded to UTF-8.  JSON has no aliases or tags, so R0704, R0705
 * and R0707 cannot arise.
 */
#ifndef REMIT_JSONIN_H
#define REMIT_JSONIN_H

#include "yamlin.h"

/* Parse the bytes [start, end) of file `file` as one JSON value;
 * diagnostics point into that file.  The bytes are checked here (UTF-8,
 * no NUL, no control characters), so the caller need not validate them.
 * Returns the root, or NULL after reporting why (one error). */
yi_node *ji_parse_range(remit_session *s, uint32_t file, uint32_t start, uint32_t end);

/* The whole of file `file`. */
yi_node *ji_parse(remit_session *s, uint32_t file);

#endif
