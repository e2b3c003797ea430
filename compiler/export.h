/*
 * export.h - the policy export, `remit check --emit json` (SPEC.md 11.9):
 * a checked session written as one JSON document of the public format
 * remit.policy/1.  The entry point is remit_export_json() in remit.h.
 */
#ifndef REMIT_EXPORT_H
#define REMIT_EXPORT_H

#include "internal.h"

/* The format's name and version: the document's `schema` member.  A new
 * member may be added within a version; renaming or changing one takes a
 * new version. */
#define PE_SCHEMA "remit.policy/1"

/* The name of a type in the export ("money", "choice", ...): the `type` of
 * a FIELD and of every node of an EXPR. */
const char *pe_type_word(ty_kind k);

/* The string a text constant e of session s stands for (an EX_STRING,
 * or e itself when none is found): a name of a constant is followed to
 * the value it was given.  The export and the published scheme (doc.c)
 * write the text so. */
const rm_expr *pe_text_of(const remit_session *s, const rm_expr *e);

#endif
