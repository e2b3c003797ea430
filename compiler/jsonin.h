/*
 * jsonin.h - reading one JSON value (in practice, one line of a batch)
 * into the same yi_node tree as yamlin.h, fast (a small strict reader of
 * its own; jsonin.c says why), or a list an item at a time (a history).
 * Prefix ji_.
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

/* Shapes of values read before (jsonin.c says how they are used), kept
 * in arena a from one value to the next: a batch's lines, a ledger's
 * lines.  ji_parse_shaped
 * reads file `file` whole as ji_parse does, and gives the same tree and
 * the same reports, but the tree of a value of a shape read before is
 * that shape's, made again for each value: it may be looked at only until
 * the next value is read with sh.  A list read an item at a time
 * (ji_list, below) keeps shapes of its own in the same way. */
typedef struct ji_shapes ji_shapes;
ji_shapes *ji_shapes_new(rm_arena *a);
yi_node *ji_parse_shaped(remit_session *s, uint32_t file, ji_shapes *sh);
/* The same, of the bytes [start, end) (a ledger's line: audit.c). */
yi_node *ji_parse_range_shaped(remit_session *s, uint32_t file, uint32_t start, uint32_t end, ji_shapes *sh);
/* How many values sh has read by a shape (the tests: that shapes are used). */
uint64_t ji_shapes_used(const ji_shapes *sh);
/* The number of the shape that read the last value read with sh (its
 * tree), or 0 when none did.  Each shape learnt has a number of its own,
 * never used again by sh: two values read by the shape of one number
 * have trees of the same nodes (the same addresses), the same maps and
 * lists of the same keys in the same order, and differ only in their
 * scalar values (text, len, quoted, is_null) and places.  So what a
 * reader of the tree found of its keys may be kept by that number
 * (input.c's plans). */
uint32_t ji_shapes_last(const ji_shapes *sh);

/* A whole number written plainly (no quotes, sign, point or exponent; at
 * most 19 digits) into *v: false when n is none. */
bool ji_whole(const yi_node *n, uint64_t *v);

/* A list read an item at a time (a history of a million decisions need
 * not be one tree): ji_list_open reads the '[' of file `file` and
 * returns NULL when its first character (after blanks) is not '['.  Each
 * ji_list_next gives the next item's tree, or NULL at the end of the
 * list or at a fault (reported as ji_parse reports it: a fault of the
 * bytes anywhere first); the tree is not looked at again (it may be a
 * shape's memory, above, which the next item's read makes again), so
 * what the arena gave after the call (ar_mark_of) may be given back
 * (ar_rewind).  The same values are read, and the same faults found,
 * as by ji_parse, but a fault is found only once the items before it were
 * handed back, and ji_parse's limit of YI_MAX_NODES values holds for each
 * item, not the whole list. */
typedef struct ji_list ji_list;
ji_list *ji_list_open(remit_session *s, uint32_t file);
yi_node *ji_list_next(ji_list *l);
bool ji_list_failed(const ji_list *l);
/* The values read so far, the list's own included. */
uint64_t ji_list_values(const ji_list *l);
/* ji_shapes_last of the list's own shapes: of the item read last. */
uint32_t ji_list_shape(const ji_list *l);
/* The list (its location; it holds no items). */
const yi_node *ji_list_node(const ji_list *l);
/* A list read through a window of a longer input (decide.c,
 * stream_history): the offset in its text from which ji_list_next reads
 * next (the bytes before it are done with), and, once the caller has
 * moved the bytes from there on to the start of its window and read more
 * after them, the window's text of len bytes (NUL after them) to read on
 * from its start.  An item cut short by the end of a window is a fault
 * like any other (the input ends early): the caller reads the input
 * whole then. */
uint32_t ji_list_unread(const ji_list *l);
void ji_list_moved(ji_list *l, const char *text, uint32_t len);
/* After ji_list_next failed: read the same item again, from where it
 * began, once the caller has given back what the failed read made and
 * taken back its reports (a window too small for the item: grown and
 * moved in with ji_list_moved). */
void ji_list_retry(ji_list *l);

#endif
