/*
 * input.h - typing decisions and histories against a compiled policy.
 * Diagnostics go to the session that holds the input files.
 */
#ifndef REMIT_INPUT_H
#define REMIT_INPUT_H

#include "policy.h"
#include "yamlin.h"

/* The register (--register FILE): people, the roles they hold, their
 * declared interests.  Kept in the text table's arena, so a batch shares it. */
typedef struct in_reg_interest {
    const char *kind;            /* category name, resolved per decision */
    int64_t subject;             /* text id */
    const char *subject_name;    /* that text */
    int64_t acquired, declared;  /* INT64_MIN when not given */
} in_reg_interest;

#define IN_ROLES_INLINE 2u       /* roles a person's record holds itself */
typedef struct in_person {
    uint32_t nroles, *roles;     /* roles: inl when there are so few */
    uint32_t inl[IN_ROLES_INLINE]; /* beside nroles: checking a person's role
                                    reads one line of memory, not two */
    int64_t name;                /* text id */
    const char *text;            /* the name as the register writes it */
    uint32_t nint;
    in_reg_interest *ints;
    int64_t *span;               /* NULL: every role held throughout; else for
                                    each role its first and last day held
                                    (INT64_MIN, INT64_MAX when not said) */
} in_person;

#define IN_FRESH 8u               /* texts new to a line kept in a list (input.c, intern) */

/* Text values and their ids (input.c, intern): open addressing, each slot
 * one line of memory (64 bytes, so aligned) holding what tells texts
 * apart (a word of a short text, a hash of a longer one, and its length),
 * a text of a name's length itself, and, for a name the register lists,
 * its person: so that finding a text reads its slot alone (a longer one,
 * its bytes too), and finding a person its slot and its record; a
 * register of 100,000 names is megabytes, and each read elsewhere is a
 * miss of the cache. */
#define IN_TEXT_INLINE 40u       /* a text this long or shorter is kept in its slot */
typedef struct in_textslot {
    uint64_t key;                /* input.c, name_key */
    uint32_t len, id1;           /* id1: its id + 1; 0 for an empty slot */
    uint32_t person1;            /* the register's person of this name + 1, or 0 */
    uint32_t unused;
    union {
        const char *s;           /* a longer text */
        char b[IN_TEXT_INLINE];  /* a text of at most IN_TEXT_INLINE bytes */
    } u;
} in_textslot;
typedef struct in_texts {
    in_textslot *slots;
    uint32_t cap, n;             /* cap: a power of two, or 0 */
} in_texts;

typedef struct in_ctx {
    remit_session *s;            /* input files and diagnostics */
    const remit_policy *p;
    rm_arena *tab;               /* where the text table lives (may outlive s) */
    in_texts texts;              /* text values -> ids; policy texts first */
    const in_texts *base;        /* in a batch line: the batch's table, read only */
    uint32_t ntexts;
    uint32_t errors;
    uint32_t npeople;            /* the register, if one was given */
    in_person *people;
    uint32_t nbyname;            /* text id -> 1 + index in people, 0 for none */
    uint32_t *byname;
    struct in_role {             /* per holder: who the register gives it to */
        uint32_t n;              /* how many people */
        int32_t one;             /* the last of them (an index in people) */
        bool interested;         /* any of them has registered interests */
        uint32_t nint, *ints;    /* those with registered interests (indices in
                                    people), in the register's order */
        uint32_t nspan;          /* when some holding of it is dated: every */
        int64_t *from, *until;   /* holding's first and last days, each sorted, */
        int64_t *ufrom;          /* by the holdings in the order of until: their */
        uint32_t *who;           /* first days and holders (indices in people) */
    } *byrole;                   /* NULL without a register */
    rm_symtab regfold;           /* the register's names, folded (same_person) */
    rm_symtab names;             /* one decision's names of people, folded */
    struct in_name *namev;       /* the policy's names by list and text, hashed
                                    once (input.c, name_in); read only after */
    uint32_t namecap;            /* its slots: a power of two */
    uint32_t ncats;              /* each category of each conflicts block, the
                                    names table's index of them (block_for) */
    struct in_cat {
        uint32_t block, cat;
    } *cats;
    uint32_t nexpiring, *expiring; /* the protocols with `expires after` */
    int64_t *unactivated;        /* per protocol: INT64_MIN, the activation dates
                                    of a decision that gives none (read only) */
    const ev_history *hist;      /* the history once read (in_hist_finish; remit
                                    audit's, made as it goes): a decision's
                                    totals (SPEC 5.7) come from it */
    const ev_calendar *calendar; /* the calendar of meetings (7.1.6), NULL when none */
    bool ledger;                 /* remit audit (SPEC 7.18): the history is a ledger
                                    (its runs keep their entries' places), and a
                                    decision may say how it was ratified */
    uint32_t hist_cut;           /* a ledger's line being read: ev_decision.hist_cut */
    int64_t on;                  /* the date of the decision being read: the
                                    register's roles are as at it (7.1.5);
                                    INT64_MIN when not known */
    /* Per line or decision, and last: in_line copies what comes before */
    uint32_t nfresh;             /* a batch line: its first texts new to it */
    struct in_fresh {
        const char *s;
        uint32_t len, id;
    } fresh[IN_FRESH];
    bool meeting_unsaid;         /* a body may decide without attendance given:
                                    `remit who`, asking whether it could at all */
    bool quiet;                  /* errors counted, not written: a try whose
                                    diagnostics would be taken back (api.c) */
    uint32_t nfolded;            /* one decision's first names of people (names) */
    struct in_folded {
        uint32_t len;
        const char *text;        /* as first written (len bytes) */
    } folded[IN_FRESH];
    struct in_plans *plans;      /* what typing values of one shape found of their
                                    keys, or NULL (in_plans_new) */
    uint32_t shape;              /* the shape the decision read is a value of
                                    (ji_shapes_last), or 0 */
} in_ctx;

/* Plans: a batch or a history reads line after line of one shape (JSON
 * read by shape, jsonin.h), whose tree has the same keys at the same
 * nodes each time; typing such a decision finds its keys' values once and
 * keeps where they are by the shape's number, and the next decision of
 * that shape is typed from the plan without looking up a key.  The
 * reports and the result are the same as without.  In arena a, for as
 * long as the shapes whose numbers are given (c->shape) are kept. */
typedef struct in_plans in_plans;
in_plans *in_plans_new(rm_arena *a);

/* The text table is kept in `tab`, so that a batch can share it between
 * the history and every line (ids must agree for `per` grouping). */
void in_init(in_ctx *c, remit_session *s, const remit_policy *p, rm_arena *tab);
/* Fill *d from a decision's tree; false after reporting every fault. */
bool in_decision(in_ctx *c, const yi_node *root, ev_decision *d);
/* d (typed from root) with field f (no text) read from v instead, as
 * in_decision would type root so changed; false when it cannot be. */
bool in_decision_field(in_ctx *c, const yi_node *root, ev_decision *d, uint32_t f, const yi_node *v);
/* A context for one batch line: it reads base's texts and keeps texts new
 * to the line in the line's own session, so a long batch does not grow.
 * Ids continue from base's, so they agree with the history's.  The
 * decision's tree must be read into s (its texts are kept, not copied). */
void in_line(in_ctx *line, const in_ctx *base, remit_session *s);
/* The seats at the meeting d (typed) that no entry of its attendance
 * fills (SPEC 7.10): their roles, one a seat, in the order of the
 * body's members line, at most max of them; how many.  None when d is
 * not taken at a meeting of a body with a members line. */
uint32_t in_empty_seats(const in_ctx *base, remit_session *s, const ev_decision *d, uint32_t *roles,
                        uint32_t max);
/* Decisions in a history: five million, ten years of the half a million
 * decisions a year that the largest bodies' purchase orders come to.  A
 * decision looks its history up in O(log n) (indexed when loaded), sums
 * are exact in 128 bits, and each entry keeps only what evaluation reads
 * (about a hundred bytes, and a few dozen more per cumulative limit in
 * the indexes), so this bounds memory to under a gigabyte, and matches
 * the size of a history file (RM_MAX_HISTORY_BYTES: some 200 bytes an
 * entry).  SPEC 7.14. */
#define IN_MAX_HISTORY 5000000u

/* Type a history given as a tree (a list of decisions) into *h, and
 * index it; false after reporting every fault. */
bool in_history(in_ctx *c, const yi_node *root, ev_history *h);
/* The same, an entry at a time (a history read by ji_list): start, add
 * each entry, finish (which indexes it; false after reporting); or, to
 * leave the history unfinished, done (one of the two is always called
 * once started).  Each
 * entry keeps what evaluation reads of it (ev_past); what typing it took
 * besides is given back to the session arena, back to m (taken before
 * the entry's tree was made, or after), unless a report or a new text
 * was made with it. */
typedef struct in_hist {
    ev_history *h;
    uint32_t capblocks, capunder, capurgent;
    uint32_t *under, *urgent;
    int64_t *buf;               /* one entry's fields and context, kept aside */
    bool ok;
    rm_arena *tab;              /* the context's texts' arena */
    rm_arena texts;             /* texts new in the history, while it is read */
    rm_arena *pair[2];          /* the session's arena and texts (ar_adopt_cleanup) */
    struct in_live *live;       /* indexed as it is made (in_hist_live), or NULL */
} in_hist;
void in_hist_start(in_ctx *c, in_hist *b, ev_history *h);
/* A history indexed as it is made (remit stress's runs, SPEC 7.19):
 * after in_hist_start, the indexes in_hist_finish would make, made now
 * for the entries added so far and kept current as each is added
 * (in_hist_add, in_hist_append), in O(1) amortized for an entry dated on
 * or after the last of its group (an earlier one moves those after it),
 * rather than made again; c->hist is the history so far while every
 * entry has typed without a fault (NULL after one).  The indexes answer
 * exactly as in_hist_finish's (tests/unit/test_histlive.c).  Memory from
 * the session arena of each call (the same session throughout);
 * in_hist_finish then only closes it. */
void in_hist_live(in_ctx *c, in_hist *b);
/* Decision d, typed from a tree by in_decision with no fault (its
 * fields, context and arrays still readable), added as the entry
 * in_hist_add would type that tree into (what an entry keeps is typed
 * alike either way: a decision gives no under, ratified or reported),
 * without typing it again. */
void in_hist_append(in_ctx *c, in_hist *b, const ev_decision *d);
/* Has typing a decision with c (a copy of it taken before: `before`;
 * diags, the session's count of reports then) left anything in the
 * session arena that must stay: a report, a new text, anything of c's?
 * If not, the arena may be rewound to before the decision's tree. */
bool in_left_behind(const in_ctx *before, const in_ctx *c, uint32_t diags);
void in_hist_add(in_ctx *c, in_hist *b, const yi_node *entry, ar_mark m);
bool in_hist_finish(in_ctx *c, in_hist *b);
void in_hist_done(in_ctx *c, in_hist *b);
/* R0713 at entry `at`: a history of n entries is longer than allowed. */
void in_history_too_long(in_ctx *c, const yi_node *at, uint32_t n);
/* Read a register into c (people, roles, interests); false after reporting. */
bool in_register(in_ctx *c, const yi_node *root);
/* Read a calendar of meetings into c (SPEC 7.1.6); false after reporting. */
bool in_calendar(in_ctx *c, const yi_node *root);
/* The register checked on its own (SPEC 8.3), after in_register read root
 * without a fault: interests declared late (R0881) and, with a date `on`
 * (INT64_MIN: none), those not declared by then (R0882) and people holding
 * a role with no annual declaration in on's financial year (R0883), as
 * warnings at their places in the register. */
void in_register_findings(in_ctx *c, const yi_node *root, int64_t on);
/* Refuse (with code, the nearest key as a hint) every key of the mapping
 * m that is not in keys (NULL-terminated); what names the mapping ("a
 * test").  Returns how many were refused. */
uint32_t in_unknown_keys(remit_session *s, const yi_node *m, const char *const *keys, const char *what,
                         const char *code);

/* ---- Inputs held in memory rather than in files (api.c): a text's
 * name is what diagnostics call it.  The texts are copied, and get the
 * same size limit as a file (R0011). */
typedef struct rm_text {
    const char *name;
    const char *text;
    size_t len;
} rm_text;

/* Where the inputs beside a decision come from: files, or memory. */
typedef struct rm_extras {
    const char *history, *reg;       /* files, or NULL */
    const rm_text *mhistory, *mreg;  /* held in memory, or NULL */
    const char *calendar;            /* a calendar of meetings (7.1.6): a file, */
    const rm_text *mcalendar;        /* or held in memory, or neither */
} rm_extras;
/* Register one input with s: the file at path, or the text in mem (same
 * size limit as a file).  UINT32_MAX when it cannot be read. */
uint32_t rm_open_input(remit_session *s, const char *path, const rm_text *mem);
uint32_t rm_open_input_max(remit_session *s, const char *path, const rm_text *mem, size_t max);
/* A remit_input as the readers take it: its text in memory (named by its
 * name, else name), and registered (a file, or that text; max as
 * rm_open_input_max). */
rm_text rm_text_of(const remit_input *in, const char *name);
uint32_t rm_open_given(remit_session *s, const remit_input *in, const char *name, size_t max);
/* Read input file f of s as JSON (when it starts with '{' or '[') or YAML. */
yi_node *rm_read_input(remit_session *s, uint32_t f);
/* Read and type the register and history of x into ic and *h; false after
 * reporting, *unreadable set when one could not be read at all. */
bool rm_load_extras(in_ctx *ic, const rm_extras *x, ev_history *h, bool *unreadable);
/* A history file is read through a window of RM_HISTORY_WINDOW bytes,
 * read on when fewer than RM_HISTORY_MARGIN of it are left, and made
 * twice as large, up to `most` bytes (RM_MAX_FILE_BYTES, the most an
 * input may be), when an entry does not fit in what it has left: a
 * history of a million decisions (200 MB of text, some 200 bytes a
 * decision) is never in memory whole, only what evaluation keeps of it.
 * Only a regular file that reads and types with nothing to report is
 * read so (rm_stream_history then loads *h and returns true); at anything
 * else (a fault or a warning, an entry longer than `most`, an input that
 * is not a list, the file changing while it is read) what it reported is
 * taken back and it returns false, and rm_load_extras reads the file
 * whole, as any input is read, which reports what it finds where it finds
 * it. */
#define RM_HISTORY_WINDOW (4u << 20)
#define RM_HISTORY_MARGIN (1u << 20)
bool rm_stream_history(in_ctx *ic, const char *path, ev_history *h, uint32_t window, uint32_t margin,
                       uint32_t most);
/* What condition `node` reads: bit 1 a field (or the date), bit 2 a
 * context value (a cumulative limit's `when`, indexed: remit audit's
 * history made as it goes, audit.c) */
unsigned in_cond_reads(const remit_policy *p, uint32_t node);
/* A file read through a window closed: its text left empty (f may be
 * NULL), the buffer freed, the file closed, each of them once. */
void rm_window_close(rm_file *f, char **buf, FILE **fp);

/* The batch of remit_evaluate_batch: lines of in read in the session s
 * (reset first; a session of its own for each line's memory), typed
 * against base and evaluated with history h (or none), records to out.
 * *bad counts error records; R0301, R0015 or R0014 in s.  An error
 * record's positions name the batch (name, at the line's number), or
 * without a name the file "line N" at line 1. */
remit_status rm_batch(const remit_policy *p, remit_session *s, const in_ctx *base,
                      const ev_history *h, FILE *in, FILE *out, size_t *bad, const char *name);

#endif
