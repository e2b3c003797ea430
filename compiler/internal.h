/*
 * internal.h - what the phases of the compiler share: the arena, source
 * locations, the AST, types, the symbol table and the session.
 *
 * Module prefixes: ar_ arena, src_ sources, dg_ diagnostics, lit_ literals,
 * wd_ vocabularies, ast_ syntax tree, rs_ resolver, ck_ type checker, rp_
 * parser glue.
 */
#ifndef REMIT_INTERNAL_H
#define REMIT_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "remit.h"

#if defined(__GNUC__)
#define RM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RM_PRINTF(f, a)
#endif

/* ---- Limits (SPEC.md "Limits" says why each is what it is) ---- */
#define RM_MAX_FILE_BYTES   (64u << 20) /* offsets fit 32 bits with room */
#define RM_MAX_HISTORY_BYTES (1u << 30)  /* a history: five million decisions */
#define RM_MAX_TOKEN_BYTES  4096u       /* longest name or string literal */
#define RM_MAX_NESTING      64u         /* brackets and blocks inside each other */
#define RM_MAX_ERRORS       100u        /* errors kept; the rest are counted */
#define RM_MAX_IMPORT_DEPTH 32u         /* `use` chains */
#define RM_MAX_EXPR_DEPTH   200u        /* operators inside one condition */
#define RM_MAX_DAYS         36525u      /* a hundred years: longest deadline or period */
#define RM_MAX_TOTALS       8u          /* different `total` terms in one matter's conditions */
#define RM_MAX_PRIORS       8u          /* different `after approval by` in one matter's rules */
#define RM_MAX_PREC_RULES   16384u      /* rules of one matter in precedence lines */
/* Largest money amount, in pence: £1,000,000,000,000 (one trillion
 * pounds).  Far above any public body's budget, and small enough that
 * 90,000 such amounts add up without overflowing 64 bits. */
#define RM_MONEY_MAX INT64_C(100000000000000)
/* The largest whole number and length of time (in days: a count of at
 * most 1,000,000,000 weeks) a decision may give (input.c); with the
 * money, percentage and date bounds, what the checker takes a field or
 * context value to range over when it proves that a product cannot
 * overflow (SPEC 5.3). */
#define RM_NUMBER_MAX INT64_C(1000000000000000)
#define RM_DAYS_COUNT_MAX INT64_C(1000000000)
#define RM_DAYS_MAX (RM_DAYS_COUNT_MAX * 7)
#define RM_PERCENT_MAX INT64_C(100000)

/* ---- Memory and protected calls (arena.c) ----
 *
 * Every allocation of the library goes through one family: rm_malloc,
 * rm_calloc, rm_realloc and rm_free, which return NULL to a caller that
 * handles it, and the arenas and pools below, which unwind instead.
 *
 * Unwinding is the one way to fail for want of memory.  Each public entry
 * point runs its work as a protected call, rm_protect(s, fn, arg), which
 * returns false when memory ran out inside fn.  What the arenas do not
 * own (flex's scanner, libyaml's parser, an open file, a compiled policy
 * being built, a scratch arena, a session made inside the call) is pushed
 * on the call's cleanup list while it is live, and popped when freed; on
 * unwinding the list is run, innermost first, before the jump, while
 * every frame is still there.  Protected calls on one session nest (a
 * check's diagnostics rendered inside another call); a protected call on
 * another session inside one (a batch line's, in a batch) allocates only
 * in its own session, and the outer call holds that session on its
 * cleanup list.  Outside every protected call an arena has no guard, and
 * running out of memory aborts: a programming error, which
 * tests/unit/test_oom.c looks for at every allocation. */
typedef struct ar_chunk ar_chunk;
typedef struct rm_guard rm_guard;
typedef struct rm_arena {
    ar_chunk *head;
    rm_guard *guard;  /* the protected call to unwind to, or NULL */
} rm_arena;

#define RM_MAX_CLEANUPS 8 /* the deepest nesting is four: a batch's line
                             session and buffer, libyaml's parser, a file */
struct rm_guard {
    jmp_buf jb;
    rm_guard *outer;          /* the enclosing call on the same session */
    remit_session *s;         /* NULL for a bare arena (tests) */
    unsigned n;
    struct { void (*fn)(void *); void *arg; } cleanup[RM_MAX_CLEANUPS];
};

/* Run fn(arg) as a protected call on s: true when it returned, false when
 * memory ran out inside it (its cleanups have run; what it allocated in
 * s's arena stays there until the session is reset or freed).  Either
 * way s's recovery point is what it was before the call. */
bool rm_protect(remit_session *s, void (*fn)(void *), void *arg);
/* The two halves of rm_protect, for a caller that must call setjmp
 * itself (the unit tests' fixtures): g->jb is set with setjmp first. */
void rm_guard_enter(remit_session *s, rm_guard *g);
void rm_guard_leave(remit_session *s, rm_guard *g);
/* Memory ran out: unwind to the protected call guarding a. */
_Noreturn void rm_unwind(const rm_arena *a);
/* Push fn(arg) on the cleanup list of s's protected call; pop it again
 * (without running it) when the caller frees arg itself.  Last in, first
 * out.  Outside a protected call both do nothing. */
void rm_cleanup_push(remit_session *s, void (*fn)(void *), void *arg);
void rm_cleanup_pop(remit_session *s, void *arg);

/* The allocator: NULL when memory runs out (counted by the test hook). */
void *rm_malloc(size_t n);
void *rm_calloc(size_t n, size_t size);
void *rm_realloc(void *p, size_t n);
void rm_free(void *p);
/* rm_malloc, or unwind through a's guard. */
void *rm_xmalloc(const rm_arena *a, size_t n);

/* For tests only (tests/unit/test_oom.c), from one thread, and never in
 * a program: while armed, every allocation of the family above, every
 * arena allocation (though most come from a chunk already there) and
 * every arena chunk is counted, and number fail_at (1-based), or with
 * persist every one from it on, fails as if memory had run out.  Not
 * armed, it costs one load and changes nothing; it is not in remit.h. */
typedef struct rm_alloc_hook {
    bool armed, persist;
    unsigned long count, fail_at, failed;
} rm_alloc_hook;
extern rm_alloc_hook rm_test_alloc;

void *ar_alloc(rm_arena *a, size_t n);            /* zeroed */
void *ar_alloc_raw(rm_arena *a, size_t n);        /* not zeroed */
char *ar_strndup(rm_arena *a, const char *s, size_t n);
char *ar_vprintf(rm_arena *a, const char *fmt, va_list ap);
char *ar_printf(rm_arena *a, const char *fmt, ...) RM_PRINTF(2, 3);
void ar_free_all(rm_arena *a);
/* ar_free_all, as a cleanup (rm_cleanup_push) */
void ar_cleanup(void *arena);
/* Free all but the first chunk, and make it empty: for work repeated many
 * times (a batch line), so that each round does not malloc again. */
void ar_reset(rm_arena *a);
/* A point in an arena to go back to: ar_rewind gives back what was
 * allocated since ar_mark_of, when it all came from the chunk that was
 * being filled then (else it gives back nothing; a chunk is added rarely,
 * so work repeated many times stays within a chunk or two).  Nothing
 * allocated since may be used again. */
typedef struct ar_mark {
    const void *chunk;
    size_t used;
} ar_mark;
ar_mark ar_mark_of(const rm_arena *a);
void ar_rewind(rm_arena *a, ar_mark m);
/* Make a the owner of every chunk of from (which is left empty): memory
 * kept apart while a is rewound, then freed with a.  As a cleanup
 * (rm_cleanup_push), pair points to {a, from}. */
void ar_adopt(rm_arena *a, rm_arena *from);
void ar_adopt_cleanup(void *pair);

/* A growable array of pointers, grown inside an arena. */
typedef struct rm_vec {
    void **v;
    uint32_t n, cap;
} rm_vec;
void rm_vec_push(rm_arena *a, rm_vec *v, void *item);

/* Blocks from rm_malloc that a library frees one at a time as it goes
 * (flex's buffers, bison's stacks), each linked into the pool, so that
 * unwinding frees whatever it held at the time (pool_free_all, as a
 * cleanup).  Running out unwinds through the arena a. */
typedef struct rm_block rm_block;
typedef struct rm_pool {
    rm_block *head;
    const rm_arena *a;
} rm_pool;
void *pool_alloc(rm_pool *p, size_t n);
void *pool_realloc(rm_pool *p, void *old, size_t n);
void pool_free(rm_pool *p, void *old);
void pool_free_all(void *pool);

/* ---- Locations ---- */
typedef struct rm_loc {
    uint32_t file;        /* index into the session's files */
    uint32_t start, end;  /* byte offsets, end exclusive */
} rm_loc;

/* A name or a decoded string: not NUL-terminated unless said. */
typedef struct rm_name {
    const char *s;
    uint32_t len;
    rm_loc loc;
} rm_name;

bool rm_name_is(const rm_name *n, const char *word);
bool rm_name_is_nocase(const rm_name *n, const char *word); /* word in lower case */
bool rm_name_eq(const rm_name *a, const rm_name *b);

/* ---- Source files ---- */
typedef struct rm_file {
    const char *path;      /* as it will be printed */
    const char *real;      /* canonical path, for cycle and root checks */
    const char *text;      /* NUL-terminated copy of the contents */
    uint32_t len;
    uint32_t *line_starts; /* byte offset of each line */
    uint32_t nlines;
    uint32_t line_base;    /* added to every line number said: a batch line
                              named by its batch, its line there less one */
    int state;             /* 0 not loaded, 1 loading, 2 done */
    uint32_t decl_first, decl_end; /* its declarations in session->decls */
    bool streamed;         /* read through a window, never whole (remit audit's
                              ledger): text is not what it held; hash is */
    uint64_t hash;         /* rm_fnv of the whole of it, when streamed */
} rm_file;

/* ---- Types ---- */
typedef enum {
    TY_ERROR,   /* already reported: suppresses further messages */
    TY_BOOL, TY_NUMBER, TY_MONEY, TY_DAYS, TY_DATE, TY_PERCENT, TY_SCORE,
    TY_TEXT, TY_ENUM, TY_SET, TY_TIER,
    TY_MONTHS   /* calendar months: `12 months`, `5 years` (SPEC 2.5.5); never a field's */
} ty_kind;

typedef struct rm_type {
    ty_kind kind;
    int64_t lo, hi;          /* TY_SCORE bounds */
    struct rm_typeexpr *en;  /* TY_ENUM / TY_SET: where the values are listed */
} rm_type;

/* A type as written: `money`, `score 1..25`, `one of {a, b}`. */
typedef struct rm_typeexpr {
    rm_name name;
    rm_loc loc;
    bool has_range, has_values;
    int64_t lo, hi;
    rm_vec values;           /* rm_name* */
} rm_typeexpr;

/* ---- Expressions ---- */
typedef enum {
    EX_INT, EX_MONEY, EX_DATE, EX_PERCENT, EX_DURATION, EX_STRING, EX_BOOL,
    EX_NAME, EX_SET, EX_NEG, EX_NOT, EX_AND, EX_OR, EX_CMP, EX_IN, EX_NOTIN,
    EX_ADD, EX_SUB, EX_MUL, EX_TOTAL, EX_GROUP,
    EX_PERIOD,               /* `financial year`...: v is its rm_period (SPEC 5.8) */
    EX_DEADLINE,             /* an obligation's `within D or by end of PERIOD` (4.18): a the
                                length (or NULL), b the period (EX_PERIOD) or the next
                                meeting (EX_MEETING) */
    EX_MEETING,              /* `at next meeting` of an obligation's body (4.18): in EX_DEADLINE */
    EX_WHO                   /* `decider is ned`, `co_signatory is member of board` (5.9):
                                a the subject, b the holder or kind (EX_NAMEs), v 1 for
                                `member of`; the checker sets op (who_kind), cval the subject */
} ex_kind;

typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } cmp_op;
/* What `SUBJECT is X` tests (EX_WHO, N_WHO): the holder X, a holder of
 * kind X, a member of body X; and of whom: the decider, a co-signatory. */
typedef enum { WHO_HOLDER, WHO_KIND, WHO_MEMBER } who_kind;
typedef enum { WHO_DECIDER, WHO_COSIGNATORY } who_subject;

typedef enum {
    REF_NONE, REF_FIELD, REF_CONTEXT, REF_CONST, REF_ENUMVAL, REF_TIER,
    REF_DATE                 /* `date`: the decision's own (SPEC 5.5) */
} ref_kind;

typedef struct rm_expr {
    uint8_t kind;            /* ex_kind */
    uint8_t op;              /* cmp_op */
    uint8_t ref;             /* ref_kind, filled by the checker */
    bool is_const;           /* checker: value known when the policy is read */
    bool bad;                /* a literal already reported: stay quiet */
    uint16_t depth;          /* height of this expression tree */
    uint32_t ref_index;      /* field, context field, choice or tier index */
    rm_loc loc;
    int64_t v;               /* literal value: pence, days, basis points... */
    int64_t cval;            /* checker: the constant value, if is_const */
    union {                  /* which member is used depends on kind */
        rm_name name;        /* EX_NAME, EX_STRING text, EX_DURATION unit */
        struct { struct rm_expr *a, *b; };
        rm_vec items;        /* EX_SET: rm_name* */
    };
    rm_type ty;              /* checker */
} rm_expr;

/* ---- Signatories (joint approval) ---- */
typedef enum { SG_NAME, SG_COUNT, SG_AND, SG_OR } sg_kind;
typedef struct rm_sign {
    sg_kind kind;
    rm_loc loc;
    uint16_t depth;
    int64_t n;
    rm_name name;
    struct rm_sign *a, *b;
} rm_sign;

/* ---- Rules and their clauses ---- */
typedef enum {
    C_WHEN, C_BECAUSE, C_AS, C_UPTO, C_LIMIT, C_REPORT, C_RECORD, C_PUBLISH,
    C_NOTIFY, C_RATIFY, C_MAY, C_WITH, C_FROM, C_AFTER, C_FOR, C_TOTAL, C_PER,
    C_OVER,
    C_APPROVAL,              /* `after approval by H [per FIELD]` (SPEC 4.12): name H, by FIELD */
    C__COUNT
} clause_kind;

typedef struct rm_clause {
    clause_kind kind;
    rm_loc loc;
    rm_name name;            /* body, role, field, word or string */
    rm_expr *e;              /* condition, amount or duration */
    rm_expr *within;         /* obligations: deadline */
    rm_sign *sign;           /* C_WITH */
    rm_name by;              /* C_MAY: `if approved by HOLDER` (SPEC 4.12), may be empty;
                                C_APPROVAL: its `per` field, may be empty */
} rm_clause;

typedef enum {
    R_RESERVE, R_DELEGATE, R_ESCALATE, R_REFUSE, R_REQUIRE, R_AFTER, R_LIMIT,
    R_GRANT,
    R_URGENT,                /* `urgent M from BODY to H` (SPEC 4.24) */
    R__COUNT
} rule_kind;

/* The keyword a rule of kind k starts with ("reserve"): the one table of
 * them, for the checker's messages and the export (ast.c). */
const char *ast_rule_word(rule_kind k);

typedef struct rm_rule {
    rule_kind kind;
    rm_loc loc;              /* the keyword */
    rm_name label;           /* `big_spend: reserve ...`, len 0 if none */
    rm_name matter;
    rm_name from, to;        /* holder names; `to` is the target of escalate */
    bool to_next_tier;
    rm_sign *signers;        /* R_REQUIRE */
    rm_vec clauses;          /* rm_clause* */
    struct rm_decl *protocol;/* R_GRANT: the protocol it sits in */
} rm_rule;

/* One setting of `use MODULE with ...` (SPEC 4.2): a constant of the
 * module given another value, or a name of it another title. */
typedef struct rm_set {
    rm_loc loc;
    rm_name name;
    rm_expr *value;          /* `NAME = VALUE`, else NULL */
    rm_name title;           /* `NAME "Title"`, else empty */
    bool has_title;
} rm_set;

/* ---- Declarations ---- */
typedef enum {
    D_POLICY, D_USE, D_TIERS, D_KIND, D_ROLE, D_CONST, D_BODY, D_MATTER,
    D_CONTEXT, D_RULE, D_PROTOCOL, D_CONFLICTS, D_PRECEDENCE,
    D_YEAR                   /* financial year starts DAY MONTH (SPEC 4.23) */
} decl_kind;

typedef struct rm_field {
    rm_name name;
    rm_typeexpr *te;
    rm_type ty;
} rm_field;

typedef struct rm_member {
    rm_loc loc;
    bool bad;                /* its count was a refused literal */
    int64_t lo, hi;          /* hi < 0: no upper bound */
    rm_name role;
} rm_member;

typedef enum { Q_WORD, Q_COUNT, Q_PERCENT, Q_ROLE, Q_FRACTION } q_kind;
typedef enum { QW_MAJORITY, QW_ALL, QW__COUNT } q_word; /* a Q_WORD's word (wd_quorum) */
typedef struct rm_qterm {
    q_kind kind;
    rm_loc loc;
    bool bad;
    bool alt;                /* an alternative to the term before: `(chair or vice_chair)` */
    int64_t n, den;          /* Q_FRACTION: n/den of the members (`two thirds`) */
    rm_name name;
    rm_name of;              /* Q_FRACTION: the word of the denominator, as written */
} rm_qterm;

typedef struct rm_interest {
    rm_name name, title;
    rm_vec actions;          /* rm_name*: "declare", "exclude from vote"... */
} rm_interest;

typedef struct rm_decl {
    decl_kind kind;
    uint8_t mark;            /* scratch for graph walks in the checker */
    rm_loc loc;              /* the keyword (or label) that starts it */
    rm_name name, title;     /* title: the quoted description, may be empty */
    union {
        struct { rm_name version; } policy;
        struct {
            rm_name path;
            bool is_file;
            uint32_t target;
            rm_vec sets;     /* rm_set*: `use M with NAME = VALUE, NAME "Title"` (4.2) */
        } use;
        struct { rm_vec names; } tiers;                 /* rm_name* */
        struct { rm_vec kinds; rm_name tier; } role;    /* rm_name* */
        struct {
            rm_expr *value;
            rm_expr *set;    /* the value a `use ... with` gives it instead (4.2), or NULL */
            rm_loc set_loc;
        } cnst;
        struct { int64_t day; rm_name month; rm_loc day_loc; } year;
        struct {
            rm_name type, tier;
            rm_vec parents;  /* rm_name*: `reports to a, b` (a joint committee
                                answers to each partner's board) */
            rm_vec members;  /* rm_member* */
            rm_vec quorum;   /* rm_qterm* */
            rm_loc quorum_loc;
            int nquorum;
            /* who presides (SPEC 4.7): `chaired by A, B` in order, and
             * `never chaired by C, D`; rm_name*, roles or kinds */
            rm_vec chairs, never_chairs;
            rm_loc chairs_loc, never_loc;
            int nchairs, nnever;
        } body;
        struct { rm_vec fields; } matter;               /* rm_field* */
        rm_rule *rule;
        struct {
            rm_expr *active;
            rm_vec grants;   /* rm_rule* */
            rm_vec never;    /* rm_name* */
            rm_name ratifier;
            rm_expr *ratify_within, *expires;
            rm_loc active_loc, ratify_loc, expires_loc;
            int nactive, nratify, nexpires;
        } protocol;
        struct {
            rm_name body;    /* `conflicts for board`, may be empty */
            rm_vec interests;/* rm_interest* */
            rm_expr *declare_within;
            rm_name refer_to;
            rm_loc declare_loc, refer_loc;
            int ndeclare, nrefer;
        } conflicts;
        struct { rm_vec labels; } prec;                 /* rm_name* */
    } u;
} rm_decl;

/* ---- Symbols ---- */
typedef enum {
    SYM_TIER, SYM_KIND, SYM_ROLE, SYM_BODY, SYM_MATTER, SYM_CONST, SYM_LABEL,
    SYM_PROTOCOL, SYM_INTEREST
} sym_kind;

typedef struct rm_sym {
    sym_kind kind;
    rm_name name;
    rm_decl *decl;
    void *item;              /* rm_interest*, rm_rule* for labels */
    uint32_t index;          /* tier rank, etc. */
    bool used;
} rm_sym;

typedef struct rm_symslot {
    rm_sym *sym;             /* NULL: empty */
    uint32_t hash;           /* of its name (symtab.c, sym_hash) */
} rm_symslot;

typedef struct rm_symtab {
    rm_symslot *slots;
    uint32_t cap, n;
} rm_symtab;

rm_sym *sym_find(const rm_symtab *t, const char *s, uint32_t len);
/* Insert; returns the existing symbol (and inserts nothing) on a clash. */
rm_sym *sym_insert(rm_arena *a, rm_symtab *t, rm_sym *sym);

/* ---- The session ---- */
typedef struct dg_item {
    remit_severity sev;
    const char *code;
    rm_loc loc;
    bool has_loc;
    const char *msg, *hint;
    const char *example;     /* an analysis's example decision (YAML), or NULL */
    const char *outcome;     /* what remit eval answers for it: "escalate to board" */
    uint32_t seq;
} dg_item;

struct remit_session {
    remit_options opt;
    rm_arena arena;          /* its guard: the live protected call on s */
    rm_vec files;            /* rm_file* */
    rm_vec diags;            /* dg_item* */
    size_t nerrors, nwarnings, suppressed;
    remit_diagnostic *pub;   /* built on demand, sorted */
    size_t npub;
    rm_vec decls;            /* rm_decl*: every file's; after checking, used
                                files' first (the order of `order`) */
    rm_vec order;            /* rm_file*: each after the files it uses */
    rm_symtab syms;
    const char *root_dir;    /* canonical */
    size_t lines;
    bool fatal;              /* stop: the cap was hit or memory ran out */
    dg_item scratch;         /* what dg_error returns past the cap */
    bool ran_out;            /* memory ran out: R0014 was reported */
    const char *nomem;       /* R0014 that found no memory to be kept in */
    remit_diagnostic fallback; /* the diagnostics when none can be listed */
};

/* Empty s for the next input, keeping its options and its recovery
 * point for running out of memory (session.c). */
void rm_session_reset(remit_session *s);
/* remit_session_free, as a cleanup (rm_cleanup_push) */
void rm_session_cleanup(void *s);

/* ---- Diagnostics (diag.c) ---- */

/* The one-line meaning of a code ("R0201"), and its severity in *sev
 * (when sev is not NULL), from codes.def, the list of every code Remit
 * gives; NULL for a code that is not there. */
const char *dg_code_meaning(const char *code, remit_severity *sev);
/* A SARIF log (remit_render_sarif) of the diagnostics of n sessions and
 * nx more results, each of a rule (its id and meaning; a rule for each id,
 * in the order first given) at a level ("error" when NULL), at a line of
 * a file (line 0: the file alone; file NULL: no place): `remit test`'s
 * failed tests, `remit diff`'s changes. */
typedef struct dg_sarif_extra {
    const char *rule, *meaning;
    const char *message;
    const char *file;
    unsigned line;              /* 0: the file as a whole */
    const char *level;
    unsigned col;               /* 0: the line's first column */
} dg_sarif_extra;
void dg_render_sarif(const remit_session *const *s, size_t n, const dg_sarif_extra *x, size_t nx, FILE *out);
/* Text in a GitHub workflow command: '%', CR and LF escaped, and in a
 * property (property) also ':' and ','. */
void dg_github_escaped(FILE *out, const char *t, bool property);

dg_item *dg_error(remit_session *s, rm_loc loc, const char *code,
                  const char *fmt, ...) RM_PRINTF(4, 5);
dg_item *dg_warning(remit_session *s, rm_loc loc, const char *code,
                    const char *fmt, ...) RM_PRINTF(4, 5);
dg_item *dg_plain(remit_session *s, remit_severity sev, const char *code,
                  const char *fmt, ...) RM_PRINTF(4, 5);
/* R0014 with the message what (a string that lives for ever), outside
 * the protected call that ran out: kept even when there is no memory for
 * it.  Sets s->fatal and s->ran_out. */
void dg_nomem(remit_session *s, const char *what);
/* The diagnostics of a session at one point, to go back to (a reader
 * that tries another way, `remit who` trying each holder). */
typedef struct dg_mark {
    uint32_t diags;
    size_t errors, suppressed;
    bool fatal;
} dg_mark;
dg_mark dg_mark_of(const remit_session *s);
void dg_mark_back(remit_session *s, dg_mark m);
/* The primitive: loc may be NULL for a message about no place in a file. */
dg_item *dg_report(remit_session *s, remit_severity sev, const rm_loc *loc,
                   const char *code, const char *fmt, ...) RM_PRINTF(5, 6);
/* Take out the diagnostics from the from-th on that say again what one
 * from the from-th on said (the same severity, code, place, message and
 * hint): a fault several readings of one input meet is said once. */
void dg_drop_repeats(remit_session *s, uint32_t from);
void dg_hint(remit_session *s, dg_item *d, const char *fmt, ...) RM_PRINTF(3, 4);
/* line and character column (1-based) of a byte offset */
void dg_linecol(const rm_file *f, uint32_t off, unsigned *line, unsigned *col);

/* ---- Sources (source.c) ---- */
/* Register text as file; computes line starts.  Returns the file index.
 * With owned, text is arena memory the file keeps (NUL at text[len]);
 * otherwise it is copied. */
uint32_t src_add(remit_session *s, const char *path, const char *real,
                 const char *text, uint32_t len, bool owned);
/* Input text made safe to quote in a message: at most 40 characters,
 * anything that could drive a terminal shown as '?'. */
const char *src_show(rm_arena *a, const char *p, size_t n);
/* Length of the UTF-8 sequence at p (n bytes available), 0 if invalid. */
unsigned src_utf8_len(const unsigned char *p, size_t n);
/* Where the line holding byte `start` of f ends, trailing blanks dropped:
 * f->text from start to there is the line as written from start. */
uint32_t src_line_end(const rm_file *f, uint32_t start);
/* Check that text is UTF-8 without NUL; reports the first fault. */
bool src_validate(remit_session *s, uint32_t file);
/* Read a whole file; on failure reports at `from` (or without a location
 * when from is NULL), naming the file as `shown`, and returns UINT32_MAX. */
uint32_t src_read(remit_session *s, const char *path, const char *shown, const rm_loc *from);
/* src_read with a limit of max bytes (RM_MAX_FILE_BYTES or
 * RM_MAX_HISTORY_BYTES) instead of RM_MAX_FILE_BYTES. */
uint32_t src_read_max(remit_session *s, const char *path, const char *shown, const rm_loc *from,
                      size_t max);
/* R0011: the file `shown` is larger than max bytes (whose hint it gives). */
void src_too_large(remit_session *s, const rm_loc *from, const char *shown, size_t max);

/* ---- Literals (literal.c) ---- */
typedef enum {
    LIT_OK, LIT_MALFORMED, LIT_FRACTION, LIT_RANGE, LIT_BAD_DATE
} lit_status;
/* text excludes the £ sign: "750,000", "1,250.50", "2.5k", "5m", "1bn" */
lit_status lit_money(const char *text, size_t len, int64_t *pence);
lit_status lit_int(const char *text, size_t len, int64_t *out);
/* "12.5" (without %) to basis points: 1250 */
lit_status lit_percent(const char *text, size_t len, int64_t *bp);
/* "2026-02-28" to days since 1970-01-01 */
lit_status lit_date(const char *text, size_t len, int64_t *days);
void lit_format_money(int64_t pence, char *buf, size_t n); /* "£1,250.50" */
void lit_format_count(uint64_t v, char *buf, size_t n);    /* "80,000" */
void lit_format_date(int64_t days, char *buf, size_t n);
/* The day n calendar months after day z (n may be negative): the same day
 * of the month, or the month's last day where it has fewer (31 January
 * plus one month is 28 or 29 February).  SPEC 2.5.5. */
int64_t lit_add_months(int64_t z, int64_t n);
/* Days beyond which no calendar arithmetic is done (lit_add_months): some
 * three thousand million years either side of 1970. */
#define LIT_DAY_FAR (INT64_C(1) << 40)
/* The period of a cumulative limit or a total (SPEC 5.8): every day from
 * its first to the decision's, inclusive. */
typedef enum {
    PER_ALL,        /* every earlier decision: no `over` on a total */
    PER_DAYS,       /* over N days (or weeks) */
    PER_MONTHS,     /* over N months (or years) */
    PER_FY, PER_FQ, /* over financial year, financial quarter */
    PER_CM, PER_CQ, PER_CY /* over calendar month, calendar quarter, calendar year */
} rm_period;
/* The first day of the period of kind k (n days or months) that ends on
 * day z, with the financial year starting on fy_day of fy_month (a day of
 * at most 28); INT64_MIN for PER_ALL. */
int64_t lit_period_start(rm_period k, int64_t n, int64_t z, int fy_month, int fy_day);
/* The last day of the named period (PER_FY to PER_CY) that day z is in:
 * an obligation due `by end of financial quarter` (SPEC 4.18). */
int64_t lit_period_end(rm_period k, int64_t z, int fy_month, int fy_day);

/* ---- Vocabularies (words.c) ----
 * Each list of words to which Remit gives a meaning, written once.  A
 * list is NULL-terminated; in all but wd_type_words, word k means the
 * value k of what it names. */
/* The index of the word s (len bytes, no NUL needed) in list, or -1. */
int wd_find(const char *const *list, const char *s, size_t len);
/* The types as a policy writes them: "money", ..., "one" (of {...}) */
extern const char *const wd_type_words[];
ty_kind wd_type_of(const char *s, size_t len);  /* TY_ERROR: not a type */
const char *wd_type_word(ty_kind k);            /* NULL for TY_ERROR */
const char *wd_type_json(ty_kind k);   /* in the export: "money", "choice" */
const char *wd_type_phrase(ty_kind k); /* in a message: "money", "a date" */
/* The days in a unit of time ("weeks": 7); 0 for a unit Remit knows but
 * does not count in (months, years); -1 for a word that is not one. */
int64_t wd_unit_days(const char *s, size_t len);
/* The calendar months in one of unit s (month, months: 1; year, years:
 * 12), or 0 when it is not a calendar unit. */
int64_t wd_unit_months(const char *s, size_t len);
/* "k", "m" or "bn" for a word people write after an amount (thousand,
 * million, billion, m...), in any case; NULL for any other word */
const char *wd_magnitude(const char *s, size_t len);
/* The period named by two words (`financial year`), or PER_ALL when they
 * name none; and the words of a period (PER_FY and after). */
rm_period wd_period_of(const char *w1, size_t l1, const char *w2, size_t l2);
const char *wd_period_word(rm_period k);
/* "365 days", "12 months", "the financial year" ("" for PER_ALL) into buf */
void wd_period_text(rm_period k, int64_t n, char *buf, size_t cap);
/* 1 to 12 for a month's name (`April`, `april`), else 0 */
int wd_month_of(const char *s, size_t len);
extern const char *const wd_quorum[];      /* by q_word: "majority", "all" */
extern const char *const wd_spectrum[];    /* by pl_spectrum: `as advise` ... */
extern const char *const wd_coi_actions[]; /* action k is bit 1 << k of a
                                              category's actions (policy.h) */

/* ---- Phases ---- */
/* Parse one file's text into decls appended to s->decls (parser.y). */
void rp_parse_file(remit_session *s, uint32_t file);
/* The tokens of one file, as the parser would get them (parser.h's
 * numbers; END where the offside rule ends a statement), each handed to
 * fn with its location, without parsing (remit fmt, fmt.c).  Faults of
 * the characters are reported as when parsing. */
typedef void (*rp_token_fn)(void *arg, int tok, rm_loc loc);
void rp_tokens(remit_session *s, uint32_t file, rp_token_fn fn, void *arg);
/* Resolve names, imports and types for everything loaded (check.c). */
void ck_check(remit_session *s);
/* Load the root file and follow `use` (resolve.c). */
void rs_load_root(remit_session *s, uint32_t file);

/* Edit distance, for "did you mean" (check.c) */
unsigned rm_edit_distance(const char *a, size_t la, const char *b, size_t lb);

/* session.c: a hash of what a bulk run (an audit, a stress run) read, for
 * remit merge to tell the shards of one run from others': the policy's
 * holders', matters' and protocols' names and its rules (as written, with
 * their limits), and the text of every file the session read. */
uint64_t rm_inputs_hash(const remit_policy *p, const remit_session *s);
/* FNV-1a of n bytes of t, going on from h (RM_FNV_START: from nothing),
 * as rm_inputs_hash hashes each file's text */
#define RM_FNV_START UINT64_C(1469598103934665603)
uint64_t rm_fnv(uint64_t h, const char *t, size_t n);
/* remit_audit (audit.c) with the ledger file read through a window of
 * `window` bytes, slid on when fewer than `margin` are left (remit_audit:
 * RM_HISTORY_WINDOW and RM_HISTORY_MARGIN); window 0: read whole */
remit_status rm_audit_window(const remit_policy *p, const remit_audit_options *o, FILE *out,
                             remit_audit_summary *sum, remit_session **diags, uint32_t window, uint32_t margin);
/* rm_audit_window, the ledger read in two passes (the first for its
 * faults and days) with `twice`, as it is when one pass finds what the
 * first would report: for the tests, which compare the two */
remit_status rm_audit_passes(const remit_policy *p, const remit_audit_options *o, FILE *out,
                             remit_audit_summary *sum, remit_session **diags, uint32_t window, uint32_t margin,
                             bool twice);

#endif
