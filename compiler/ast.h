/*
 * ast.h - constructors the parser uses to build the syntax tree.  Every
 * node lives in the session's arena.
 */
#ifndef REMIT_AST_H
#define REMIT_AST_H

#include "internal.h"

struct rp_ctx;

rm_decl *ast_decl(struct rp_ctx *ctx, decl_kind kind, rm_loc loc);
rm_decl *ast_rule_decl(struct rp_ctx *ctx, rm_rule *rule, const rm_name *label);
rm_rule *ast_rule(struct rp_ctx *ctx, rule_kind kind, rm_loc loc, rm_name matter,
                  rm_vec clauses);
rm_clause *ast_clause(struct rp_ctx *ctx, clause_kind kind, rm_loc loc);
rm_name *ast_name(struct rp_ctx *ctx, rm_name n);
/* Words joined by single spaces (so comments between them drop out);
 * n = 0 gives "declare". */
rm_name ast_words(struct rp_ctx *ctx, rm_loc loc, const rm_name *words, int n);
rm_member *ast_member(struct rp_ctx *ctx, rm_loc loc, int64_t lo, int64_t hi, rm_name role);
rm_qterm *ast_qterm(struct rp_ctx *ctx, q_kind kind, rm_loc loc, int64_t n, const rm_name *name);
rm_field *ast_field(struct rp_ctx *ctx, rm_name name, rm_typeexpr *te);
/* `NAME = VALUE` (value) or `NAME "Title"` (title) of `use M with` (4.2) */
rm_set *ast_set(struct rp_ctx *ctx, rm_loc loc, rm_name name, rm_expr *value, const rm_name *title);
rm_typeexpr *ast_type(struct rp_ctx *ctx, rm_name name, rm_loc loc);
rm_sign *ast_sign(struct rp_ctx *ctx, sg_kind kind, rm_loc loc, rm_sign *a, rm_sign *b);
rm_expr *ast_lit(struct rp_ctx *ctx, ex_kind kind, rm_loc loc, int64_t v);
rm_expr *ast_binary(struct rp_ctx *ctx, ex_kind kind, rm_loc loc, rm_expr *a, rm_expr *b);
rm_expr *ast_cmp(struct rp_ctx *ctx, cmp_op op, rm_loc loc, rm_expr *a, rm_expr *b);
/* `total FIELD [per FIELD] [over PERIOD]` in a condition: EX_TOTAL, whose
 * a is an EX_GROUP (a: the field, b: the `per` field or NULL, both
 * EX_NAME) and b the period or NULL. */
/* A period named by two words (`financial year`, SPEC 5.8): EX_PERIOD,
 * or, for words that name none, reported (R0107) and marked bad. */
rm_expr *ast_period(struct rp_ctx *ctx, rm_loc loc, const rm_name *w1, const rm_name *w2);
/* `financial year starts 1 April`: D_YEAR; NULL after reporting a word
 * that is not one of these (R0516). */
rm_decl *ast_year(struct rp_ctx *ctx, rm_loc loc, const rm_name *w1, const rm_name *w2, const rm_name *w3,
                  int64_t day, rm_loc day_loc, rm_name month);
/* `decider is X`, `co_signatory is member of X` (of: the word `member`,
 * checked here, R0516): EX_WHO. */
rm_expr *ast_who(struct rp_ctx *ctx, rm_loc loc, const rm_name *subject, const rm_name *of, const rm_name *x);
/* An obligation's deadline `by end of PERIOD`, or `within D or by end of
 * PERIOD` (within: D, else NULL): EX_DEADLINE; `end` checked (R0516). */
/* `at next meeting`, alone or after `within D or` (4.18) */
rm_expr *ast_meeting(struct rp_ctx *ctx, rm_loc loc, rm_expr *within, const rm_name *meeting);
rm_expr *ast_deadline(struct rp_ctx *ctx, rm_loc loc, rm_expr *within, const rm_name *end, const rm_name *w1,
                      const rm_name *w2);
rm_expr *ast_total(struct rp_ctx *ctx, rm_loc loc, rm_name field, const rm_name *per, rm_expr *over);
/* Set a head option that may be given once (`at`, `is`, `reports to`). */
void ast_set_once(struct rp_ctx *ctx, rm_name *slot, rm_name value, const char *what);
void ast_duplicate(struct rp_ctx *ctx, rm_loc loc, const char *what, rm_loc first);
/* R0001 for a keyword written with capitals (`Delegate`) at loc */
void ast_lower_case(struct rp_ctx *ctx, rm_loc loc, const char *word);
void ast_expect_word(struct rp_ctx *ctx, const rm_name *got, const char *word,
                     const char *form);

#endif
