/*
 * parser.y - the grammar of Remit (SPEC.md, "Grammar").
 *
 * A pure, reentrant LALR(1) parser with locations.  Statements end where
 * the scanner inserts END (see lexer.l: a line that starts at or left of
 * the statement's column begins a new statement), so error recovery can
 * resynchronise at each statement: `error END` with yyerrok, at the top
 * level and inside every block.  Every semantic value lives in the
 * session's arena, so nothing needs a %destructor, and the parser's
 * stacks, when they outgrow their first 200 entries, live in the
 * scanner's pool (YYMALLOC): an abandoned parse leaks nothing.
 */
%code requires {
#include "internal.h"
typedef void *yyscan_t;
typedef struct rp_ctx rp_ctx;
#define RP_LTYPE rm_loc
#define RP_LTYPE_IS_DECLARED 1
}

%code provides {
struct rp_ctx {
    remit_session *s;
    uint32_t file;
    yyscan_t scanner;
    rm_pool *pool;           /* the scanner's: flex's and bison's blocks */
    bool stop;               /* the scanner hit a fatal limit */
    uint32_t bad_literal;    /* 1 + offset of the last literal the scanner
                                refused: its value is a stand-in */
};
#define YY_DECL int rp_lex(RP_STYPE *yylval_param, RP_LTYPE *yylloc_param, yyscan_t yyscanner)
YY_DECL;
/* the parser's stacks, in the scanner's pool (lexer.l) */
void *rp_stack_alloc(rp_ctx *ctx, size_t n);
void rp_stack_free(rp_ctx *ctx, void *p);
}

%code {
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "ast.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
    do {                                                              \
        if (N) {                                                      \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                       \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                     \
            (Cur).end = YYRHSLOC(Rhs, N).end;                         \
        } else {                                                      \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                       \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;           \
        }                                                             \
    } while (0)

static void rp_error(rm_loc *loc, yyscan_t scanner, rp_ctx *ctx, const char *msg);
/* Memory for the stacks unwinds when it runs out, so bison's "memory
 * exhausted" is never reached that way (only past YYMAXDEPTH, which the
 * nesting limits keep far off). */
#define YYMALLOC(n) rp_stack_alloc(ctx, n)
#define YYFREE(p) rp_stack_free(ctx, p)
#define A (&ctx->s->arena)
#define S (ctx->s)
}

%define api.prefix {rp_}
%define api.pure full
%define parse.error custom
%locations
%param {yyscan_t scanner}
%parse-param {rp_ctx *ctx}
%expect 0

%union {
    rm_name name;
    int64_t num;
    rm_expr *expr;
    rm_decl *decl;
    rm_rule *rule;
    rm_clause *clause;
    rm_vec vec;
    rm_sign *sign;
    rm_typeexpr *te;
    rm_qterm *qterm;
    rm_set *set;
}

%token END "end of statement"
%token <name> IDENT "a name" STRING "quoted text" MODPATH "a module name"
%token <num> INT "a whole number" MONEY "an amount of money"
%token <num> DATE "a date" PERCENT "a percentage"
%token KW_POLICY "policy" KW_VERSION "version" KW_USE "use" KW_TIERS "tiers"
%token KW_KIND "kind" KW_ROLE "role" KW_CONST "const" KW_BODY "body"
%token KW_MATTER "matter" KW_CONTEXT "context" KW_RESERVE "reserve"
%token KW_DELEGATE "delegate" KW_ESCALATE "escalate" KW_REFUSE "refuse"
%token KW_REQUIRE "require" KW_AFTER "after" KW_LIMIT "limit"
%token KW_PROTOCOL "protocol" KW_CONFLICTS "conflicts"
%token KW_PRECEDENCE "precedence" KW_FROM "from" KW_TO "to" KW_AT "at"
%token KW_IS "is" KW_AS "as" KW_WHEN "when" KW_BECAUSE "because"
%token KW_WITHIN "within" KW_BY "by" KW_WITH "with" KW_OF "of" KW_IN "in"
%token KW_AND "and" KW_OR "or" KW_NOT "not" KW_TRUE "true" KW_FALSE "false"
%token KW_NEXT "next" KW_OVER "over" KW_PER "per" KW_FOR "for"
%token KW_MEMBERS "members" KW_QUORUM "quorum" KW_MAY "may" KW_UP "up"
%token KW_REPORT "report" KW_RECORD "record" KW_PUBLISH "publish"
%token KW_NOTIFY "notify" KW_RATIFY "ratify" KW_ACTIVE "active"
%token KW_GRANT "grant" KW_NEVER "never" KW_EXPIRES "expires"
%token KW_INTEREST "interest" KW_REQUIRES "requires" KW_DECLARE "declare"
%token KW_REFER "refer" KW_TOTAL "total" KW_REPORTS "reports" KW_NOLIMIT "no limit"
%token DOTDOT ".." LE "<=" GE ">=" NE "!="

%precedence TOTAL_BARE
%precedence KW_PER KW_OVER
%left KW_OR
%left KW_AND
%right KW_NOT
%nonassoc '=' NE '<' LE '>' GE KW_IN
%left '+' '-'
%left '*'
%precedence UMINUS

%type <decl> decl body_head body_opts bitems pitems citems
%type <rule> rule
%type <vec> clauses fields idlist members qterms qgroup qalts tier_chain over_chain
%type <vec> role_kinds actions settings
%type <clause> clause
%type <expr> expr opt_within setlit window
%type <sign> signers sg_and sg_atom
%type <te> type
%type <qterm> qterm
%type <set> setting
%type <name> opt_title action target

%%

file:
    %empty
  | file decl END               { if ($2) rm_vec_push(A, &S->decls, $2); }
  | file error END              { yyerrok; }
  ;

decl:
    KW_POLICY STRING            { $$ = ast_decl(ctx, D_POLICY, @1); $$->title = $2; }
  | KW_POLICY STRING KW_VERSION STRING
                                { $$ = ast_decl(ctx, D_POLICY, @1); $$->title = $2;
                                  $$->u.policy.version = $4; }
  | KW_USE MODPATH              { $$ = ast_decl(ctx, D_USE, @1); $$->u.use.path = $2; }
  | KW_USE IDENT                { $$ = ast_decl(ctx, D_USE, @1); $$->u.use.path = $2; }
  | KW_USE STRING               { $$ = ast_decl(ctx, D_USE, @1); $$->u.use.path = $2;
                                  $$->u.use.is_file = true; }
  | KW_USE MODPATH KW_WITH settings
                                { $$ = ast_decl(ctx, D_USE, @1); $$->u.use.path = $2; $$->u.use.sets = $4; }
  | KW_USE IDENT KW_WITH settings
                                { $$ = ast_decl(ctx, D_USE, @1); $$->u.use.path = $2; $$->u.use.sets = $4; }
  | KW_USE STRING KW_WITH settings
                                { $$ = ast_decl(ctx, D_USE, @1); $$->u.use.path = $2;
                                  $$->u.use.is_file = true; $$->u.use.sets = $4; }
  | KW_TIERS tier_chain         { $$ = ast_decl(ctx, D_TIERS, @1); $$->u.tiers.names = $2; }
  | KW_KIND IDENT opt_title     { $$ = ast_decl(ctx, D_KIND, @1); $$->name = $2; $$->title = $3; }
  | KW_ROLE IDENT opt_title role_kinds
                                { $$ = ast_decl(ctx, D_ROLE, @1); $$->name = $2; $$->title = $3;
                                  $$->u.role.kinds = $4; }
  | KW_ROLE IDENT opt_title role_kinds KW_AT IDENT
                                { $$ = ast_decl(ctx, D_ROLE, @1); $$->name = $2; $$->title = $3;
                                  $$->u.role.kinds = $4; $$->u.role.tier = $6; }
  | KW_CONST IDENT '=' expr     { $$ = ast_decl(ctx, D_CONST, @1); $$->name = $2;
                                  $$->u.cnst.value = $4; }
  | body_head                   { $$ = $1; }
  | body_head '{' bitems '}'    { $$ = $1; $$->u.body.members = $3->u.body.members;
                                  $$->u.body.quorum = $3->u.body.quorum;
                                  $$->u.body.quorum_loc = $3->u.body.quorum_loc;
                                  $$->u.body.nquorum = $3->u.body.nquorum;
                                  $$->u.body.chairs = $3->u.body.chairs;
                                  $$->u.body.chairs_loc = $3->u.body.chairs_loc;
                                  $$->u.body.nchairs = $3->u.body.nchairs;
                                  $$->u.body.never_chairs = $3->u.body.never_chairs;
                                  $$->u.body.never_loc = $3->u.body.never_loc;
                                  $$->u.body.nnever = $3->u.body.nnever; }
  | KW_MATTER IDENT opt_title '{' fields '}'
                                { $$ = ast_decl(ctx, D_MATTER, @1); $$->name = $2; $$->title = $3;
                                  $$->u.matter.fields = $5; }
  | KW_CONTEXT '{' fields '}'   { $$ = ast_decl(ctx, D_CONTEXT, @1); $$->u.matter.fields = $3; }
  | rule                        { $$ = ast_rule_decl(ctx, $1, NULL); }
  | IDENT ':' rule              { $$ = ast_rule_decl(ctx, $3, &$1); }
  | KW_PROTOCOL IDENT opt_title '{' pitems '}'
                                { $$ = $5; $$->loc = @1; $$->name = $2; $$->title = $3;
                                  for (uint32_t i = 0; i < $$->u.protocol.grants.n; i++)
                                      ((rm_rule *)$$->u.protocol.grants.v[i])->protocol = $$; }
  | KW_CONFLICTS '{' citems '}' { $$ = $3; $$->loc = @1; }
  | KW_CONFLICTS KW_FOR IDENT '{' citems '}'
                                { $$ = $5; $$->loc = @1; $$->u.conflicts.body = $3; }
  | IDENT IDENT IDENT INT IDENT { $$ = ast_year(ctx, @$, &$1, &$2, &$3, $4, @4, $5); }
  | KW_PRECEDENCE IDENT over_chain
                                { $$ = ast_decl(ctx, D_PRECEDENCE, @1);
                                  rm_name *n = ast_name(ctx, $2);
                                  rm_vec_push(A, &$$->u.prec.labels, n);
                                  for (uint32_t i = 0; i < $3.n; i++)
                                      rm_vec_push(A, &$$->u.prec.labels, $3.v[i]); }
  ;

opt_title:
    %empty                      { memset(&$$, 0, sizeof $$); $$.loc = @$; }
  | STRING                      { $$ = $1; }
  ;

tier_chain:
    IDENT                       { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_name(ctx, $1)); }
  | tier_chain '<' IDENT        { $$ = $1; rm_vec_push(A, &$$, ast_name(ctx, $3)); }
  ;

role_kinds:
    %empty                      { memset(&$$, 0, sizeof $$); }
  | KW_IS idlist                { $$ = $2; }
  ;

idlist:
    IDENT                       { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_name(ctx, $1)); }
  | idlist ',' IDENT            { $$ = $1; rm_vec_push(A, &$$, ast_name(ctx, $3)); }
  ;

over_chain:
    KW_OVER IDENT               { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_name(ctx, $2)); }
  | over_chain KW_OVER IDENT    { $$ = $1; rm_vec_push(A, &$$, ast_name(ctx, $3)); }
  ;

/* ---- bodies ---- */

body_head:
    KW_BODY IDENT opt_title body_opts
                                { $$ = $4; $$->loc = @1; $$->name = $2; $$->title = $3; }
  ;

body_opts:
    %empty                      { $$ = ast_decl(ctx, D_BODY, @$); }
  | body_opts KW_IS IDENT       { $$ = $1; ast_set_once(ctx, &$$->u.body.type, $3, "is"); }
  | body_opts KW_AT IDENT       { $$ = $1; ast_set_once(ctx, &$$->u.body.tier, $3, "at"); }
  | body_opts KW_REPORTS KW_TO idlist
                                { $$ = $1; if ($$->u.body.parents.n)
                                      ast_duplicate(ctx, @2, "reports to",
                                                    ((rm_name *)$$->u.body.parents.v[0])->loc);
                                  else $$->u.body.parents = $4; }
  ;

bitems:
    %empty                      { $$ = ast_decl(ctx, D_BODY, @$); }
  | bitems KW_MEMBERS members END
                                { $$ = $1; for (uint32_t i = 0; i < $3.n; i++)
                                      rm_vec_push(A, &$$->u.body.members, $3.v[i]); }
  | bitems KW_QUORUM qterms END { $$ = $1; $$->u.body.nquorum++;
                                  if ($$->u.body.nquorum == 1) {
                                      $$->u.body.quorum = $3; $$->u.body.quorum_loc = @2;
                                  } else
                                      ast_duplicate(ctx, @2, "quorum", $$->u.body.quorum_loc); }
  | bitems IDENT KW_BY idlist END
                                { /* `chaired` is not a keyword */
                                  $$ = $1; ast_expect_word(ctx, &$2, "chaired", "chaired by ROLE, ...");
                                  if ($$->u.body.nchairs++)
                                      ast_duplicate(ctx, @2, "chaired by", $$->u.body.chairs_loc);
                                  else { $$->u.body.chairs = $4; $$->u.body.chairs_loc = @2; } }
  | bitems KW_NEVER IDENT KW_BY idlist END
                                { $$ = $1; ast_expect_word(ctx, &$3, "chaired", "never chaired by ROLE, ...");
                                  if ($$->u.body.nnever++)
                                      ast_duplicate(ctx, @2, "never chaired by", $$->u.body.never_loc);
                                  else { $$->u.body.never_chairs = $5; $$->u.body.never_loc = @2; } }
  | bitems error END            { $$ = $1; yyerrok; }
  ;

members:
    IDENT                       { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_member(ctx, @$, 1, 1, $1)); }
  | INT IDENT                   { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_member(ctx, @$, $1, $1, $2)); }
  | INT '+' IDENT               { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_member(ctx, @$, $1, -1, $3)); }
  | INT DOTDOT INT IDENT        { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_member(ctx, @$, $1, $3, $4)); }
  | members ',' IDENT           { $$ = $1; rm_vec_push(A, &$$, ast_member(ctx, @3, 1, 1, $3)); }
  | members ',' INT IDENT       { $$ = $1; rm_loc l = @3; l.end = @4.end;
                                  rm_vec_push(A, &$$, ast_member(ctx, l, $3, $3, $4)); }
  | members ',' INT '+' IDENT   { $$ = $1; rm_loc l = @3; l.end = @5.end;
                                  rm_vec_push(A, &$$, ast_member(ctx, l, $3, -1, $5)); }
  | members ',' INT DOTDOT INT IDENT
                                { $$ = $1; rm_loc l = @3; l.end = @6.end;
                                  rm_vec_push(A, &$$, ast_member(ctx, l, $3, $5, $6)); }
  ;

/* terms joined by `and`; a term may be alternatives in brackets, `(chair
 * or vice_chair)`, each but the first marked alt (SPEC 4.7) */
qterms:
    qgroup                      { $$ = $1; }
  | qterms KW_AND qgroup        { $$ = $1; for (uint32_t i = 0; i < $3.n; i++) rm_vec_push(A, &$$, $3.v[i]); }
  ;

qgroup:
    qterm                       { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, $1); }
  | '(' qalts ')'               { $$ = $2; }
  ;

qalts:
    qterm KW_OR qterm           { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, $1); $3->alt = true;
                                  rm_vec_push(A, &$$, $3); }
  | qalts KW_OR qterm           { $$ = $1; $3->alt = true; rm_vec_push(A, &$$, $3); }
  ;

qterm:
    IDENT                       { $$ = ast_qterm(ctx, Q_WORD, @$, 0, &$1); }
  | INT                         { $$ = ast_qterm(ctx, Q_COUNT, @$, $1, NULL); }
  | PERCENT                     { $$ = ast_qterm(ctx, Q_PERCENT, @$, $1, NULL); }
  | INT IDENT                   { $$ = ast_qterm(ctx, Q_ROLE, @$, $1, &$2); }
  | IDENT IDENT                 { $$ = ast_qterm(ctx, Q_FRACTION, @$, 0, &$1); $$->of = $2; }
  ;

/* ---- matters and context ---- */

fields:
    %empty                      { memset(&$$, 0, sizeof $$); }
  | fields IDENT ':' type END   { $$ = $1; rm_vec_push(A, &$$, ast_field(ctx, $2, $4)); }
  | fields error END            { $$ = $1; yyerrok; }
  ;

type:
    IDENT                       { $$ = ast_type(ctx, $1, @$); }
  | IDENT INT DOTDOT INT        { $$ = ast_type(ctx, $1, @$); $$->has_range = true;
                                  $$->lo = $2; $$->hi = $4; }
  | IDENT KW_OF '{' idlist '}'  { $$ = ast_type(ctx, $1, @$); $$->has_values = true;
                                  $$->values = $4; }
  ;

/* ---- `use M with NAME = VALUE, NAME "Title"` (SPEC 4.2) ---- */

settings:
    setting                     { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, $1); }
  | settings ',' setting        { $$ = $1; rm_vec_push(A, &$$, $3); }
  ;

setting:
    IDENT '=' expr              { $$ = ast_set(ctx, @$, $1, $3, NULL); }
  | IDENT STRING                { $$ = ast_set(ctx, @$, $1, NULL, &$2); }
  ;

/* ---- rules ---- */

rule:
    KW_RESERVE IDENT KW_TO IDENT clauses
                                { $$ = ast_rule(ctx, R_RESERVE, @1, $2, $5); $$->to = $4; }
  | KW_DELEGATE IDENT KW_FROM IDENT KW_TO IDENT clauses
                                { $$ = ast_rule(ctx, R_DELEGATE, @1, $2, $7);
                                  $$->from = $4; $$->to = $6; }
  | KW_ESCALATE IDENT KW_TO target clauses
                                { $$ = ast_rule(ctx, R_ESCALATE, @1, $2, $5); $$->to = $4; }
  | KW_ESCALATE IDENT KW_TO KW_NEXT IDENT clauses
                                { $$ = ast_rule(ctx, R_ESCALATE, @1, $2, $6);
                                  $$->to = $5; $$->to_next_tier = true; }
  | KW_REFUSE IDENT clauses     { $$ = ast_rule(ctx, R_REFUSE, @1, $2, $3); }
  | KW_REQUIRE signers KW_FOR IDENT clauses
                                { $$ = ast_rule(ctx, R_REQUIRE, @1, $4, $5); $$->signers = $2; }
  | KW_AFTER IDENT clauses      { $$ = ast_rule(ctx, R_AFTER, @1, $2, $3); }
  | KW_LIMIT IDENT clauses      { $$ = ast_rule(ctx, R_LIMIT, @1, $2, $3); }
  | IDENT IDENT KW_FROM IDENT KW_TO IDENT clauses
                                { /* `urgent` is not a keyword: rules and constants may be called urgent */
                                  bool dl = rm_name_is_nocase(&$1, "delegate"); /* `Delegate ...` */
                                  $$ = ast_rule(ctx, dl ? R_DELEGATE : R_URGENT, @1, $2, $7);
                                  if (dl || (rm_name_is_nocase(&$1, "urgent") && !rm_name_is(&$1, "urgent")))
                                      ast_lower_case(ctx, $1.loc, dl ? "delegate" : "urgent");
                                  else
                                      ast_expect_word(ctx, &$1, "urgent", "urgent MATTER from BODY to HOLDER");
                                  $$->from = $4; $$->to = $6; }
  ;

target:
    IDENT                       { $$ = $1; }
  ;

clauses:
    %empty                      { memset(&$$, 0, sizeof $$); }
  | clauses clause              { $$ = $1; rm_vec_push(A, &$$, $2); }
  ;

clause:
    KW_WHEN expr                { $$ = ast_clause(ctx, C_WHEN, @$); $$->e = $2; }
  | KW_BECAUSE STRING           { $$ = ast_clause(ctx, C_BECAUSE, @$); $$->name = $2; }
  | KW_AS IDENT                 { $$ = ast_clause(ctx, C_AS, @$); $$->name = $2; }
  | KW_UP KW_TO expr            { $$ = ast_clause(ctx, C_UPTO, @$); $$->e = $3; }
  | KW_UP KW_TO KW_NOLIMIT      { $$ = ast_clause(ctx, C_UPTO, @$); /* e NULL: no limit, said */ }
  | KW_LIMIT expr               { $$ = ast_clause(ctx, C_LIMIT, @$); $$->e = $2; }
  | KW_REPORT KW_TO IDENT opt_within
                                { $$ = ast_clause(ctx, C_REPORT, @$); $$->name = $3; $$->within = $4; }
  | KW_RECORD KW_IN STRING opt_within
                                { $$ = ast_clause(ctx, C_RECORD, @$); $$->name = $3; $$->within = $4; }
  | KW_PUBLISH opt_within       { $$ = ast_clause(ctx, C_PUBLISH, @$); $$->within = $2; }
  | KW_NOTIFY IDENT opt_within  { $$ = ast_clause(ctx, C_NOTIFY, @$); $$->name = $2; $$->within = $3; }
  | KW_RATIFY KW_BY IDENT opt_within
                                { $$ = ast_clause(ctx, C_RATIFY, @$); $$->name = $3; $$->within = $4; }
  | KW_MAY IDENT                { $$ = ast_clause(ctx, C_MAY, @$); $$->name = $2; }
  | KW_MAY IDENT IDENT IDENT KW_BY IDENT
                                { $$ = ast_clause(ctx, C_MAY, @$); $$->name = $2;
                                  static const char form[] = "may subdelegate if approved by HOLDER";
                                  ast_expect_word(ctx, &$3, "if", form);
                                  ast_expect_word(ctx, &$4, "approved", form);
                                  $$->by = $6; }
  | KW_WITH signers             { $$ = ast_clause(ctx, C_WITH, @$); $$->sign = $2; }
  | KW_FROM IDENT               { $$ = ast_clause(ctx, C_FROM, @$); $$->name = $2; }
  | KW_AFTER expr               { $$ = ast_clause(ctx, C_AFTER, @$); $$->e = $2; }
  | KW_FOR IDENT                { $$ = ast_clause(ctx, C_FOR, @$); $$->name = $2; }
  | KW_TOTAL expr               { $$ = ast_clause(ctx, C_TOTAL, @$); $$->e = $2; }
  | KW_PER IDENT                { $$ = ast_clause(ctx, C_PER, @$); $$->name = $2; }
  | KW_OVER expr                { $$ = ast_clause(ctx, C_OVER, @$); $$->e = $2; }
  | KW_AFTER IDENT KW_BY IDENT %prec TOTAL_BARE
                                { $$ = ast_clause(ctx, C_APPROVAL, @$); $$->name = $4;
                                  ast_expect_word(ctx, &$2, "approval", "after approval by HOLDER [per FIELD]"); }
  | KW_AFTER IDENT KW_BY IDENT KW_PER IDENT
                                { $$ = ast_clause(ctx, C_APPROVAL, @$); $$->name = $4; $$->by = $6;
                                  ast_expect_word(ctx, &$2, "approval", "after approval by HOLDER [per FIELD]"); }
  | KW_OVER IDENT IDENT         { $$ = ast_clause(ctx, C_OVER, @$); $$->e = ast_period(ctx, @2, &$2, &$3); }
  ;

opt_within:
    %empty                      { $$ = NULL; }
  | KW_WITHIN expr              { $$ = $2; }
  | KW_BY IDENT KW_OF IDENT IDENT
                                { $$ = ast_deadline(ctx, @$, NULL, &$2, &$4, &$5); }
  | KW_WITHIN expr KW_OR KW_BY IDENT KW_OF IDENT IDENT
                                { $$ = ast_deadline(ctx, @$, $2, &$5, &$7, &$8); }
  | KW_AT KW_NEXT IDENT         { $$ = ast_meeting(ctx, @$, NULL, &$3); }
  | KW_WITHIN expr KW_OR KW_AT KW_NEXT IDENT
                                { $$ = ast_meeting(ctx, @$, $2, &$6); }
  ;

signers:
    sg_and                      { $$ = $1; }
  | signers KW_OR sg_and        { $$ = ast_sign(ctx, SG_OR, @$, $1, $3); }
  ;

sg_and:
    sg_atom                     { $$ = $1; }
  | sg_and KW_AND sg_atom       { $$ = ast_sign(ctx, SG_AND, @$, $1, $3); }
  ;

sg_atom:
    IDENT                       { $$ = ast_sign(ctx, SG_NAME, @$, NULL, NULL); $$->name = $1; $$->n = 1; }
  | INT IDENT                   { $$ = ast_sign(ctx, SG_COUNT, @$, NULL, NULL); $$->name = $2; $$->n = $1; }
  | '(' signers ')'             { $$ = $2; }
  ;

/* ---- protocols ---- */

pitems:
    %empty                      { $$ = ast_decl(ctx, D_PROTOCOL, @$); }
  | pitems KW_ACTIVE KW_WHEN expr END
                                { $$ = $1; if ($$->u.protocol.nactive++)
                                      ast_duplicate(ctx, @2, "active", $$->u.protocol.active_loc);
                                  else { $$->u.protocol.active = $4; $$->u.protocol.active_loc = @2; } }
  | pitems KW_GRANT IDENT KW_TO IDENT clauses END
                                { $$ = $1; rm_rule *r = ast_rule(ctx, R_GRANT, @2, $3, $6);
                                  r->to = $5; rm_vec_push(A, &$$->u.protocol.grants, r); }
  | pitems IDENT ':' KW_GRANT IDENT KW_TO IDENT clauses END
                                { $$ = $1; rm_rule *r = ast_rule(ctx, R_GRANT, @4, $5, $8);
                                  r->to = $7; r->label = $2; rm_vec_push(A, &$$->u.protocol.grants, r); }
  | pitems KW_NEVER KW_GRANT idlist END
                                { $$ = $1; for (uint32_t i = 0; i < $4.n; i++)
                                      rm_vec_push(A, &$$->u.protocol.never, $4.v[i]); }
  | pitems KW_RATIFY KW_BY IDENT opt_within END
                                { $$ = $1; if ($$->u.protocol.nratify++)
                                      ast_duplicate(ctx, @2, "ratify", $$->u.protocol.ratify_loc);
                                  else { $$->u.protocol.ratifier = $4; $$->u.protocol.ratify_within = $5;
                                         $$->u.protocol.ratify_loc = @2; } }
  | pitems KW_EXPIRES KW_AFTER expr END
                                { $$ = $1; if ($$->u.protocol.nexpires++)
                                      ast_duplicate(ctx, @2, "expires", $$->u.protocol.expires_loc);
                                  else { $$->u.protocol.expires = $4; $$->u.protocol.expires_loc = @2; } }
  | pitems error END            { $$ = $1; yyerrok; }
  ;

/* ---- conflicts of interest ---- */

citems:
    %empty                      { $$ = ast_decl(ctx, D_CONFLICTS, @$); }
  | citems KW_INTEREST IDENT opt_title KW_REQUIRES actions END
                                { $$ = $1; rm_interest *it = ar_alloc(A, sizeof *it);
                                  it->name = $3; it->title = $4; it->actions = $6;
                                  rm_vec_push(A, &$$->u.conflicts.interests, it); }
  | citems KW_DECLARE KW_WITHIN expr END
                                { $$ = $1; if ($$->u.conflicts.ndeclare++)
                                      ast_duplicate(ctx, @2, "declare within", $$->u.conflicts.declare_loc);
                                  else { $$->u.conflicts.declare_within = $4; $$->u.conflicts.declare_loc = @2; } }
  | citems KW_WHEN KW_QUORUM IDENT KW_REFER KW_TO IDENT END
                                { $$ = $1; if ($$->u.conflicts.nrefer++)
                                      ast_duplicate(ctx, @2, "when quorum", $$->u.conflicts.refer_loc);
                                  else { ast_expect_word(ctx, &$4, "lost", "when quorum lost refer to BODY");
                                         $$->u.conflicts.refer_to = $7; $$->u.conflicts.refer_loc = @2; } }
  | citems error END            { $$ = $1; yyerrok; }
  ;

actions:
    action                      { memset(&$$, 0, sizeof $$); rm_vec_push(A, &$$, ast_name(ctx, $1)); }
  | actions ',' action          { $$ = $1; rm_vec_push(A, &$$, ast_name(ctx, $3)); }
  ;

action:
    KW_DECLARE                  { $$ = ast_words(ctx, @$, NULL, 0); }
  | IDENT                       { $$ = ast_words(ctx, @$, (rm_name[]){$1}, 1); }
  | IDENT IDENT                 { $$ = ast_words(ctx, @$, (rm_name[]){$1, $2}, 2); }
  | IDENT KW_FROM IDENT         { $$ = ast_words(ctx, @$, (rm_name[]){$1, {"from", 4, @2}, $3}, 3); }
  ;

/* ---- expressions ---- */

expr:
    expr KW_OR expr             { $$ = ast_binary(ctx, EX_OR, @$, $1, $3); }
  | expr KW_AND expr            { $$ = ast_binary(ctx, EX_AND, @$, $1, $3); }
  | KW_NOT expr                 { $$ = ast_binary(ctx, EX_NOT, @$, $2, NULL); }
  | expr '=' expr               { $$ = ast_cmp(ctx, OP_EQ, @$, $1, $3); }
  | expr NE expr                { $$ = ast_cmp(ctx, OP_NE, @$, $1, $3); }
  | expr '<' expr               { $$ = ast_cmp(ctx, OP_LT, @$, $1, $3); }
  | expr LE expr                { $$ = ast_cmp(ctx, OP_LE, @$, $1, $3); }
  | expr '>' expr               { $$ = ast_cmp(ctx, OP_GT, @$, $1, $3); }
  | expr GE expr                { $$ = ast_cmp(ctx, OP_GE, @$, $1, $3); }
  | expr KW_IN setlit           { $$ = ast_binary(ctx, EX_IN, @$, $1, $3); }
  | expr KW_NOT KW_IN setlit %prec KW_IN
                                { $$ = ast_binary(ctx, EX_NOTIN, @$, $1, $4); }
  | expr '+' expr               { $$ = ast_binary(ctx, EX_ADD, @$, $1, $3); }
  | expr '-' expr               { $$ = ast_binary(ctx, EX_SUB, @$, $1, $3); }
  | expr '*' expr               { $$ = ast_binary(ctx, EX_MUL, @$, $1, $3); }
  | '-' expr %prec UMINUS       { $$ = ast_binary(ctx, EX_NEG, @$, $2, NULL); }
  | '(' expr ')'                { $$ = $2; }
  | IDENT KW_IS IDENT            { $$ = ast_who(ctx, @$, &$1, NULL, &$3); }
  | IDENT KW_IS IDENT KW_OF IDENT
                                { $$ = ast_who(ctx, @$, &$1, &$3, &$5); }
  | KW_TOTAL IDENT %prec TOTAL_BARE
                                { $$ = ast_total(ctx, @$, $2, NULL, NULL); }
  | KW_TOTAL IDENT KW_PER IDENT %prec TOTAL_BARE
                                { $$ = ast_total(ctx, @$, $2, &$4, NULL); }
  | KW_TOTAL IDENT KW_OVER window
                                { $$ = ast_total(ctx, @$, $2, NULL, $4); }
  | KW_TOTAL IDENT KW_PER IDENT KW_OVER window
                                { $$ = ast_total(ctx, @$, $2, &$4, $6); }
  | INT                         { $$ = ast_lit(ctx, EX_INT, @$, $1); }
  | INT IDENT                   { $$ = ast_lit(ctx, EX_DURATION, @$, $1); $$->name = $2; }
  | MONEY                       { $$ = ast_lit(ctx, EX_MONEY, @$, $1); }
  | DATE                        { $$ = ast_lit(ctx, EX_DATE, @$, $1); }
  | PERCENT                     { $$ = ast_lit(ctx, EX_PERCENT, @$, $1); }
  | STRING                      { $$ = ast_lit(ctx, EX_STRING, @$, 0); $$->name = $1; }
  | KW_TRUE                     { $$ = ast_lit(ctx, EX_BOOL, @$, 1); }
  | KW_FALSE                    { $$ = ast_lit(ctx, EX_BOOL, @$, 0); }
  | IDENT                       { $$ = ast_lit(ctx, EX_NAME, @$, 0); $$->name = $1; }
  ;

/* the period of a total in a condition: a length of time written out, a
 * constant, or brackets (`over 365 days > £5k` must not read `365 days >
 * £5k` as the period) */
window
  : INT IDENT                   { $$ = ast_lit(ctx, EX_DURATION, @$, $1); $$->name = $2; }
  | IDENT                       { $$ = ast_lit(ctx, EX_NAME, @$, 0); $$->name = $1; }
  | IDENT IDENT                 { $$ = ast_period(ctx, @$, &$1, &$2); }
  | '(' expr ')'                { $$ = $2; }
  ;

setlit:
    '{' idlist '}'              { $$ = ast_lit(ctx, EX_SET, @$, 0); $$->items = $2; }
  ;

%%

/* A token as a reader should see it in a message: keywords quoted
 * ('delegate'), descriptions as they are ("a name"). */
static const char *rp_what(yysymbol_kind_t k, char *buf, size_t n)
{
    const char *w = k == YYSYMBOL_YYEOF ? "the end of the file"
                  : k == YYSYMBOL_END ? "the end of the statement" : yysymbol_name(k);
    if (strchr(w, ' ') || w[0] == '\'')
        return w;
    snprintf(buf, n, "'%s'", w);
    return buf;
}

/* The unexpected token as a reader sees it: "'to'", "the name 'board'",
 * "the amount £5m". */
static const char *rp_got(rp_ctx *ctx, yysymbol_kind_t k, const rm_loc *loc, char *buf, size_t n)
{
    const char *what = NULL;
    switch (k) {
    case YYSYMBOL_IDENT: what = "the name"; break;
    case YYSYMBOL_INT: what = "the number"; break;
    case YYSYMBOL_MONEY: what = "the amount"; break;
    case YYSYMBOL_DATE: what = "the date"; break;
    case YYSYMBOL_PERCENT: what = "the percentage"; break;
    case YYSYMBOL_STRING: what = "the quoted text"; break;
    case YYSYMBOL_MODPATH: what = "the module name"; break;
    default: return rp_what(k, buf, n);
    }
    const rm_file *f = ctx->s->files.v[loc->file];
    uint32_t len = loc->end - loc->start;
    bool cut = len > 40;
    if (cut) { /* cut at a character, never inside one */
        len = 40;
        while (len > 0 && ((unsigned char)f->text[loc->start + len] & 0xC0) == 0x80)
            len--;
    }
    snprintf(buf, n, "%s %s%.*s%s%s", what, k == YYSYMBOL_STRING ? "" : "'",
             (int)len, f->text + loc->start, cut ? "..." : "",
             k == YYSYMBOL_STRING ? "" : "'");
    return buf;
}

/* Words that begin a statement at the top level. */
static bool rp_starts_statement(const char *w, size_t n)
{
    static const char *const words[] = {
        "policy", "use", "tiers", "kind", "role", "const", "body", "matter", "context",
        "reserve", "delegate", "escalate", "refuse", "require", "after", "limit",
        "protocol", "conflicts", "precedence", NULL
    };
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
            return true;
    return false;
}

/* ---- phrasing people try (issue 18): a targeted message for words
 * Remit does not read, saying what it expected and how to write it.
 * These look at the text around the unexpected token, since the tokens
 * before it are gone from the parser's stack. */

/* The run of non-blank characters that ends before pos (blanks and line
 * breaks skipped), as [*s, *e); *s == *e when there is none. */
static void rp_before(const rm_file *f, uint32_t pos, uint32_t *s, uint32_t *e)
{
    while (pos > 0 && isspace((unsigned char)f->text[pos - 1]))
        pos--;
    *e = pos;
    while (pos > 0 && !isspace((unsigned char)f->text[pos - 1]))
        pos--;
    *s = pos;
}

/* The run of non-blank characters that starts at or after pos on its line. */
static void rp_after(const rm_file *f, uint32_t pos, uint32_t *s, uint32_t *e)
{
    while (pos < f->len && (f->text[pos] == ' ' || f->text[pos] == '\t'))
        pos++;
    *s = pos;
    while (pos < f->len && !isspace((unsigned char)f->text[pos]) && f->text[pos] != '#')
        pos++;
    *e = pos;
}

/* Whether text[s, e) is word, in any case. */
static bool rp_is(const rm_file *f, uint32_t s, uint32_t e, const char *word)
{
    size_t n = strlen(word);
    if (e - s != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)f->text[s + i]) != word[i])
            return false;
    return true;
}

static bool rp_is_any(const rm_file *f, uint32_t s, uint32_t e, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (rp_is(f, s, e, words[i]))
            return true;
    return false;
}

static rm_loc rp_span(const rm_loc *at, uint32_t s, uint32_t e)
{
    rm_loc l = *at;
    l.start = s;
    l.end = e;
    return l;
}

/* A comparison written in words (`over £10m`, `more than`, `at least`):
 * the sign Remit writes for it and the words' end, or NULL. */
static const char *rp_comparison(const rm_file *f, uint32_t s, uint32_t e, uint32_t *end)
{
    static const char *const gt[] = {"above", "exceeds", "exceed", "exceeding", "over", NULL};
    static const char *const lt[] = {"below", "under", NULL};
    static const char *const more[] = {"more", "greater", "higher", "larger", "bigger", NULL};
    static const char *const less[] = {"less", "fewer", "lower", "smaller", NULL};
    uint32_t s2, e2, s3, e3, s4, e4, s5, e5;
    rp_after(f, e, &s2, &e2);
    *end = e;
    if (rp_is_any(f, s, e, gt))
        return ">";
    if (rp_is_any(f, s, e, lt))
        return "<";
    if (rp_is(f, s, e, "equals"))
        return "=";
    if (rp_is(f, s, e, "at") && (rp_is(f, s2, e2, "least") || rp_is(f, s2, e2, "most"))) {
        *end = e2;
        return rp_is(f, s2, e2, "least") ? ">=" : "<=";
    }
    bool is_more = rp_is_any(f, s, e, more), is_less = rp_is_any(f, s, e, less);
    if ((!is_more && !is_less) || !rp_is(f, s2, e2, "than"))
        return NULL;
    *end = e2;
    rp_after(f, e2, &s3, &e3); /* `greater than or equal to` */
    rp_after(f, e3, &s4, &e4);
    rp_after(f, e4, &s5, &e5);
    if (rp_is(f, s3, e3, "or") && rp_is(f, s4, e4, "equal") && rp_is(f, s5, e5, "to")) {
        *end = e5;
        return is_more ? ">=" : "<=";
    }
    return is_more ? ">" : "<";
}

/* The keyword closest to the name at [s, e), for "did you mean", or NULL. */
static const char *rp_near_keyword(const rm_file *f, uint32_t s, uint32_t e)
{
    const char *best = NULL;
    unsigned bd = e - s <= 3 ? 0 : e - s <= 5 ? 1 : 2;
    if (e - s < 4)
        return NULL;
    for (int k = YYSYMBOL_KW_POLICY; k <= YYSYMBOL_KW_REPORTS; k++) {
        const char *w = yysymbol_name((yysymbol_kind_t)k);
        unsigned d = rm_edit_distance(f->text + s, e - s, w, strlen(w));
        if (d <= bd) {
            bd = d;
            best = w;
        }
    }
    return best;
}

/* "the actions are ...", for an interest's `requires` */
static void rp_actions_hint(rp_ctx *ctx, dg_item *d)
{
    char list[256];
    size_t n = 0;
    list[0] = '\0';
    for (size_t i = 0; wd_coi_actions[i]; i++) {
        int k = snprintf(list + n, sizeof list - n, "%s'%s'", i == 0 ? "" : wd_coi_actions[i + 1] ? ", " : " or ",
                         wd_coi_actions[i]);
        if (k < 0 || (size_t)k >= sizeof list - n)
            break;
        n += (size_t)k;
    }
    dg_hint(ctx->s, d, "the actions are %s, e.g. `requires declare, exclude from vote`", list);
}

/* Reports a phrasing Remit knows people write and returns true; false
 * when the unexpected token at loc is none of them. */
static bool rp_phrasing(rp_ctx *ctx, yysymbol_kind_t got, const rm_loc *loc)
{
    const rm_file *f = ctx->s->files.v[loc->file];
    const char *t = f->text;
    uint32_t ts = loc->start, te = loc->end, ps, pe, qs, qe, ns, ne;
    rp_before(f, ts, &ps, &pe);
    rp_before(f, ps, &qs, &qe);
    rp_after(f, te, &ns, &ne);
    dg_item *d;
    /* `£5 million`, `£5 m`: the letters go straight after the number */
    const char *mag = got == YYSYMBOL_IDENT ? wd_magnitude(t + ts, te - ts) : NULL;
    if (mag && pe > ps && isdigit((unsigned char)t[pe - 1])) {
        bool pound = pe - ps >= 2 && (unsigned char)t[ps] == 0xC2 && (unsigned char)t[ps + 1] == 0xA3;
        d = dg_error(ctx->s, rp_span(loc, ps, te), "R0001", "'%.*s' is not how Remit writes an amount",
                     (int)(te - ps), t + ps);
        dg_hint(ctx->s, d, "write %s%.*s%s: k, m or bn straight after the number, with no space, as in "
                           "\xC2\xA3" "750k, \xC2\xA3" "5m or \xC2\xA3" "1bn",
                pound ? "" : "\xC2\xA3", (int)(pe - ps), t + ps, mag);
        return true;
    }
    /* the first word of the line, and the end of the line (before a comment) */
    uint32_t ls = loc->start, ws, we, le = loc->start;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    rp_after(f, ls, &ws, &we);
    while (we > ws && !isalnum((unsigned char)t[we - 1]) && t[we - 1] != '_')
        we--;
    while (le < f->len && t[le] != '\n' && t[le] != '#')
        le++;
    while (le > ls && isspace((unsigned char)t[le - 1]))
        le--;
    /* `requires declare and withdraw`: the actions, by name */
    bool requires = false;
    for (uint32_t i = we; i + 8 <= ts && !requires; i++)
        requires = !memcmp(t + i, "requires", 8);
    if (rp_is(f, ws, we, "interest") && requires) {
        d = dg_error(ctx->s, *loc, "R0001", "an interest requires actions Remit knows, separated by commas");
        rp_actions_hint(ctx, d);
        return true;
    }
    /* `from the board to the ceo`: a holder is named as declared */
    if (pe > ps && rp_is(f, ps, pe, "the") && got == YYSYMBOL_IDENT) {
        d = dg_error(ctx->s, rp_span(loc, ps, pe), "R0001", "Remit names roles and bodies without 'the'");
        char buf[128];
        size_t n = 0;
        for (uint32_t i = qe > qs ? qs : ps; i < le && n + 1 < sizeof buf; i++) {
            uint32_t s2, e2;
            rp_after(f, i, &s2, &e2);
            if (s2 == i && rp_is(f, s2, e2, "the") && (i == 0 || isspace((unsigned char)t[i - 1]))) {
                i = e2; /* (and the blank after it) */
                continue;
            }
            buf[n++] = t[i];
        }
        buf[n] = '\0';
        if (n + 1 < sizeof buf)
            dg_hint(ctx->s, d, "write `%s`, each name as it is declared", buf);
        else
            dg_hint(ctx->s, d, "write '%.*s', the name as it is declared", (int)(te - ts), t + ts);
        return true;
    }
    /* `if risk >= 16`: conditions start with `when` */
    static const char *const ifs[] = {"if", "where", "whenever", "provided", "unless", NULL};
    if (got == YYSYMBOL_IDENT && rp_is_any(f, ts, te, ifs)) {
        uint32_t rs = ns, re = ns;
        while (re < f->len && t[re] != '\n' && t[re] != '#')
            re++;
        while (re > rs && isspace((unsigned char)t[re - 1]))
            re--;
        bool unless = rp_is(f, ts, te, "unless");
        d = dg_error(ctx->s, *loc, "R0001", "Remit does not read '%.*s' here: a condition starts with 'when'%s",
                     (int)(te - ts), t + ts, unless ? " (and 'not')" : "");
        if (re > rs && re - rs <= 60)
            dg_hint(ctx->s, d, unless ? "did you mean `when not (%.*s)`?" : "did you mean `when %.*s`?",
                    (int)(re - rs), t + rs);
        else
            dg_hint(ctx->s, d, unless ? "did you mean `when not (...)`?" : "did you mean 'when'?");
        return true;
    }
    /* `amount over £10m`, `more than`, `at least`: comparisons are signs */
    uint32_t cs = ts, cend = te;
    const char *sign = rp_comparison(f, ts, te, &cend);
    if (!sign && rp_is(f, ts, te, "than")) { /* `is greater than`: `is greater` was read first */
        sign = rp_comparison(f, ps, pe, &cend);
        cs = ps;
        rp_before(f, cs, &ps, &pe);
    }
    if (sign && (got == YYSYMBOL_IDENT || got == YYSYMBOL_KW_AT || cs != ts)) {
        if (rp_is(f, ps, pe, "not") || rp_is(f, ps, pe, "no")) { /* `not more than`: at most */
            sign = sign[0] == '>' ? "<=" : sign[0] == '<' ? ">=" : "!=";
            cs = ps;
            rp_before(f, cs, &ps, &pe);
        }
        if (rp_is(f, ps, pe, "is")) /* `amount is over` */
            rp_before(f, ps, &ps, &pe);
        rp_after(f, cend, &ns, &ne);
        d = dg_error(ctx->s, rp_span(loc, cs, cend), "R0001", "Remit compares with signs, not '%.*s'",
                     (int)(cend - cs), t + cs);
        if (pe > ps && ne > ns && pe - ps <= 30 && ne - ns <= 30)
            dg_hint(ctx->s, d, "write `%.*s %s %.*s`; the signs are =, !=, <, <=, > and >=", (int)(pe - ps),
                    t + ps, sign, (int)(ne - ns), t + ns);
        else
            dg_hint(ctx->s, d, "write %s, as in amount %s \xC2\xA3" "10m; the signs are =, !=, <, <=, > and >=",
                    sign, sign);
        return true;
    }
    /* `up to and including £5m`, `up to £5m inclusive` */
    if ((got == YYSYMBOL_KW_AND && rp_is(f, ps, pe, "to") && rp_is(f, qs, qe, "up") &&
         (rp_is(f, ns, ne, "including") || rp_is(f, ns, ne, "inclusive"))) ||
        (got == YYSYMBOL_IDENT && (rp_is(f, ts, te, "inclusive") || rp_is(f, ts, te, "inclusively")))) {
        uint32_t end = got == YYSYMBOL_KW_AND ? ne : te, as = ps, ae = pe; /* the amount */
        if (got == YYSYMBOL_KW_AND)
            rp_after(f, ne, &as, &ae);
        if (ae - as > 30 || ae == as) {
            as = ae = 0;
        }
        d = dg_error(ctx->s, rp_span(loc, ts, end), "R0001", "'up to' already includes the amount itself");
        dg_hint(ctx->s, d, "remove '%.*s': `up to %.*s` covers a decision of exactly %.*s; for less than it, "
                           "write `limit amount < %.*s`", (int)(end - ts), t + ts, (int)(ae - as), t + as,
                (int)(ae - as), t + as, (int)(ae - as), t + as);
        return true;
    }
    /* `within 30 working days`: Remit's days are calendar days */
    if (got == YYSYMBOL_IDENT && (rp_is(f, ts, te, "days") || rp_is(f, ts, te, "day")) &&
        (rp_is(f, ps, pe, "working") || rp_is(f, ps, pe, "business") || rp_is(f, ps, pe, "calendar") ||
         rp_is(f, ps, pe, "clear")) && qe > qs && qe - qs <= 6 && isdigit((unsigned char)t[qs])) {
        long n = strtol(t + qs, NULL, 10);
        if (rp_is(f, ps, pe, "working") || rp_is(f, ps, pe, "business")) {
            long cal = n / 5 * 7 + n % 5 + (n % 5 ? 2 : 0);
            d = dg_error(ctx->s, rp_span(loc, qs, te), "R0001",
                         "Remit counts calendar days, not %.*s days", (int)(pe - ps), t + ps);
            dg_hint(ctx->s, d, "write `%ld days`: %ld %.*s days are at most %ld calendar days when no bank "
                               "holiday falls in them", cal, n, (int)(pe - ps), t + ps, cal);
        } else {
            d = dg_error(ctx->s, rp_span(loc, ps, pe), "R0001", "Remit's days are calendar days already");
            dg_hint(ctx->s, d, "write `%ld days`", n);
        }
        return true;
    }
    /* `to ceo and cfo`: one holder a statement */
    static const char *const granting[] = {"reserve", "delegate", "escalate", "urgent", "grant", NULL};
    if (got == YYSYMBOL_KW_AND && rp_is(f, qs, qe, "to") && pe > ps && ne > ns && ne - ns <= 30 &&
        rp_is_any(f, ws, we, granting)) {
        d = dg_error(ctx->s, rp_span(loc, ts, ne), "R0001", "a statement gives authority to one holder, "
                     "not to '%.*s %.*s'", (int)(pe - ps), t + ps, (int)(ne - ts), t + ts);
        dg_hint(ctx->s, d, "write a second statement for '%.*s'; if '%.*s' must also sign the decisions "
                           "of '%.*s', write `with %.*s`", (int)(ne - ns), t + ns, (int)(ne - ns), t + ns,
                (int)(pe - ps), t + ps, (int)(ne - ns), t + ns);
        return true;
    }
    /* `amount between £1m and £5m` */
    if (got == YYSYMBOL_IDENT && rp_is(f, ts, te, "between") && pe > ps && pe - ps <= 30) {
        uint32_t as, ae, ks, ke, bs, be;
        rp_after(f, te, &as, &ae);
        rp_after(f, ae, &ks, &ke);
        rp_after(f, ke, &bs, &be);
        d = dg_error(ctx->s, *loc, "R0001", "Remit compares with signs, not 'between'");
        if (rp_is(f, ks, ke, "and") && ae - as <= 30 && be - bs <= 30 && be > bs)
            dg_hint(ctx->s, d, "write `%.*s >= %.*s and %.*s <= %.*s`, with > or < where an end is not included",
                    (int)(pe - ps), t + ps, (int)(ae - as), t + as, (int)(pe - ps), t + ps, (int)(be - bs), t + bs);
        else
            dg_hint(ctx->s, d, "write `amount >= \xC2\xA3" "1m and amount <= \xC2\xA3" "5m`");
        return true;
    }
    /* `amount > £5m and < £10m`: each comparison names its field */
    char c1 = te - ts == 1 ? t[ts] : '\0'; /* a one-character token: '(' '-' ':' '<' ... */
    bool op = got == YYSYMBOL_LE || got == YYSYMBOL_GE || got == YYSYMBOL_NE ||
              (c1 && strchr("=<>", c1));
    if (op && (rp_is(f, ps, pe, "and") || rp_is(f, ps, pe, "or"))) {
        uint32_t vs, ve, os, oe, fs, fe; /* the value, the sign and the field before `and` */
        rp_before(f, ps, &vs, &ve);
        rp_before(f, vs, &os, &oe);
        rp_before(f, os, &fs, &fe);
        d = dg_error(ctx->s, *loc, "R0001", "each comparison names what it compares: '%.*s' has nothing "
                     "before it", (int)(te - ts), t + ts);
        bool signed_ = oe > os && oe - os <= 2 && strchr("<>=!", t[os]);
        if (signed_ && fe > fs && fe - fs <= 30 && ne > ns && ne - ns <= 30)
            dg_hint(ctx->s, d, "write `%.*s %.*s %.*s %.*s %.*s %.*s`", (int)(fe - fs), t + fs, (int)(ve - os),
                    t + os, (int)(pe - ps), t + ps, (int)(fe - fs), t + fs, (int)(te - ts), t + ts,
                    (int)(ne - ns), t + ns);
        else
            dg_hint(ctx->s, d, "repeat the field: `amount > \xC2\xA3" "5m and amount < \xC2\xA3" "10m`");
        return true;
    }
    /* `in (revenue, capital)`: a set is in braces */
    if (c1 == '(' && rp_is(f, ps, pe, "in")) {
        d = dg_error(ctx->s, *loc, "R0001", "a set of choices is written in braces, not brackets");
        dg_hint(ctx->s, d, "write `in { revenue, capital }`");
        return true;
    }
    /* `score 1-25` */
    if (c1 == '-' && rp_is(f, qs, qe, "score") && pe > ps && isdigit((unsigned char)t[ps])) {
        d = dg_error(ctx->s, *loc, "R0001", "a score's range is written with '..'");
        dg_hint(ctx->s, d, "write `score %.*s..%.*s`", (int)(pe - ps), t + ps,
                ne - ns <= 10 ? (int)(ne - ns) : 0, t + ns);
        return true;
    }
    /* `within one month`, `within a week`: numbers in figures */
    static const char *const numbers[] = {"a", "an", "one", "two", "three", "four", "five", "six", "seven",
                                          "eight", "nine", "ten", "eleven", "twelve", NULL};
    static const char *const units[] = {"day", "days", "week", "weeks", "month", "months", "year", "years", NULL};
    if (got == YYSYMBOL_IDENT && rp_is_any(f, ts, te, units) && rp_is_any(f, ps, pe, numbers)) {
        int n = 0;
        while (numbers[n] && !rp_is(f, ps, pe, numbers[n]))
            n++;
        n = n < 2 ? 1 : n - 1;
        bool counted = t[ts] == 'd' || t[ts] == 'w';
        d = dg_error(ctx->s, rp_span(loc, ps, te), "R0001", "Remit reads numbers written in figures, not '%.*s'",
                     (int)(pe - ps), t + ps);
        if (counted)
            dg_hint(ctx->s, d, "write `%s%d %.*s`", rp_is(f, qs, qe, "within") ? "within " : "", n,
                    (int)(te - ts), t + ts);
        else
            dg_hint(ctx->s, d, "write `within %d days`: a deadline is counted in days, written in figures, "
                               "since months and years differ in length", n * (t[ts] == 'm' ? 30 : 365));
        return true;
    }
    /* `within 30 days of the decision`: deadlines run from the decision's date */
    if (got == YYSYMBOL_KW_OF && rp_is_any(f, ps, pe, units)) {
        d = dg_error(ctx->s, rp_span(loc, ts, le), "R0001", "a deadline runs from the decision's date; "
                     "Remit does not read '%.*s' after it", (int)(le - ts), t + ts);
        dg_hint(ctx->s, d, "write `within %.*s %.*s`", (int)(qe - qs), t + qs, (int)(pe - ps), t + ps);
        return true;
    }
    /* `report to board in 30 days` */
    if (got == YYSYMBOL_KW_IN && ne > ns && isdigit((unsigned char)t[ns]) && pe > ps) {
        d = dg_error(ctx->s, *loc, "R0001", "a deadline is written with 'within', not 'in'");
        dg_hint(ctx->s, d, "write `within %.*s`", (int)(le - ns), t + ns);
        return true;
    }
    /* `reports to board` after a decision: the obligation is `report to` */
    if (got == YYSYMBOL_KW_REPORTS && rp_is(f, ns, ne, "to")) {
        d = dg_error(ctx->s, *loc, "R0001", "an obligation to report is written `report to BODY`");
        dg_hint(ctx->s, d, "did you mean 'report'? (`reports to` places a body under another, in its "
                           "declaration)");
        return true;
    }
    /* `may sub-delegate`, `may delegate` */
    if ((c1 == '-' && rp_is(f, ps, pe, "sub") && rp_is(f, qs, qe, "may")) ||
        (got == YYSYMBOL_KW_DELEGATE && rp_is(f, ps, pe, "may"))) {
        d = dg_error(ctx->s, rp_span(loc, ps, c1 == '-' ? ne : te), "R0001",
                     "the permission to delegate again is `may subdelegate`, one word");
        dg_hint(ctx->s, d, "write `may subdelegate`");
        return true;
    }
    /* `because Too large`: the reason is quoted */
    if (rp_is(f, ps, pe, "because") && got != YYSYMBOL_STRING && le > ts && le - ts <= 60) {
        d = dg_error(ctx->s, *loc, "R0001", "the reason after 'because' is quoted text");
        dg_hint(ctx->s, d, "write `because \"%.*s\"`", (int)(le - ts), t + ts);
        return true;
    }
    /* `members: ceo, cfo` */
    if (c1 == ':' && (rp_is(f, ps, pe, "members") || rp_is(f, ps, pe, "quorum"))) {
        d = dg_error(ctx->s, *loc, "R0001", "'%.*s' is followed by its list, without ':'", (int)(pe - ps), t + ps);
        dg_hint(ctx->s, d, "write `%.*s %.*s`", (int)(pe - ps), t + ps, (int)(le > ne ? le - ns : 0), t + ns);
        return true;
    }
    /* `quorum 2 members`, `quorum two thirds of members` */
    if (rp_is(f, ws, we, "quorum") && (got == YYSYMBOL_KW_MEMBERS || got == YYSYMBOL_KW_OF)) {
        d = dg_error(ctx->s, *loc, "R0001", "a quorum counts the members already: Remit does not read '%.*s' here",
                     (int)(le - ts), t + ts);
        dg_hint(ctx->s, d, "write e.g. `quorum 3`, `quorum majority`, `quorum two thirds` or `quorum 50%%`, "
                           "joined with 'and' (`quorum majority and 1 independent`)");
        return true;
    }
    /* `role chief executive "..."`: a name is one word */
    static const char *const declaring[] = {"role", "body", "matter", "kind", "const", "protocol", NULL};
    bool word = pe > ps;
    for (uint32_t i = ps; i < pe && word; i++)
        word = isalnum((unsigned char)t[i]) || t[i] == '_';
    if (got == YYSYMBOL_IDENT && word && rp_is_any(f, qs, qe, declaring) && qs == ws && pe - ps <= 30 &&
        te - ts <= 30) {
        d = dg_error(ctx->s, rp_span(loc, ps, te), "R0001", "a name is one word: '%.*s' is two", (int)(te - ps),
                     t + ps);
        dg_hint(ctx->s, d, "join the words with _: `%.*s %.*s_%.*s`, and give the full title in quotes after it",
                (int)(qe - qs), t + qs, (int)(pe - ps), t + ps, (int)(te - ts), t + ts);
        return true;
    }
    /* `Reserve spend to board`: the words are lower case */
    for (int k = YYSYMBOL_KW_POLICY; k <= YYSYMBOL_KW_REPORTS && we > ws; k++) {
        const char *w = yysymbol_name((yysymbol_kind_t)k);
        if (rp_is(f, ws, we, w) && memcmp(t + ws, w, we - ws) != 0) {
            ast_lower_case(ctx, rp_span(loc, ws, we), w);
            return true;
        }
    }
    /* `reprot to board`, `upto`: a keyword misspelt */
    if (got == YYSYMBOL_IDENT) {
        if (rp_is(f, ts, te, "upto")) {
            d = dg_error(ctx->s, *loc, "R0001", "Remit writes 'up to' as two words");
            dg_hint(ctx->s, d, "write `up to %.*s`", ne - ns <= 30 ? (int)(ne - ns) : 0, t + ns);
            return true;
        }
        const char *kw = rp_near_keyword(f, ts, te);
        if (kw) {
            d = dg_error(ctx->s, *loc, "R0001", "'%.*s' is not a word Remit knows here", (int)(te - ts), t + ts);
            dg_hint(ctx->s, d, "did you mean '%s'?", kw);
            return true;
        }
    }
    return false;
}

static int yyreport_syntax_error(const yypcontext_t *pc, yyscan_t scanner, rp_ctx *ctx)
{
    (void)scanner;
    if (ctx->stop)
        return 0;
    enum { MAX_EXPECTED = 6 };
    yysymbol_kind_t exp[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(pc, exp, MAX_EXPECTED);
    yysymbol_kind_t got = yypcontext_token(pc);
    const rm_loc *loc = yypcontext_location(pc);
    char list[512], one[64], gbuf[128];
    size_t used = 0;
    list[0] = '\0';
    for (int i = 0; i < n; i++) {
        int k = snprintf(list + used, sizeof list - used, "%s%s",
                         i == 0 ? "" : i == n - 1 ? " or " : ", ",
                         rp_what(exp[i], one, sizeof one));
        if (k < 0 || (size_t)k >= sizeof list - used)
            break;
        used += (size_t)k;
    }
    /* where the error is on its line: first word, indentation */
    const rm_file *f = ctx->s->files.v[loc->file];
    unsigned eline, ecol;
    dg_linecol(f, loc->start, &eline, &ecol); /* a binary search, not a walk back */
    uint32_t ls = f->line_starts[eline - 1];
    uint32_t ws = ls;
    while (ws < f->len && (f->text[ws] == ' ' || f->text[ws] == '\t'))
        ws++;
    uint32_t we = ws;
    while (we < f->len && (isalnum((unsigned char)f->text[we]) || f->text[we] == '_'))
        we++;
    bool at_margin = ws == ls;
    bool first_on_line = ws == loc->start;
    bool rest_blank = true;
    for (uint32_t i = loc->end; i < f->len && rest_blank; i++)
        rest_blank = isspace((unsigned char)f->text[i]);

    dg_item *d;
    if (got == YYSYMBOL_END) {
        d = dg_error(ctx->s, *loc, "R0001", "this statement ends too early%s%s",
                     n > 0 ? ": expected " : "", list);
        if (f->text + ws < f->text + we && we - ws == 8 && !memcmp(f->text + ws, "interest", 8) &&
            loc->start > 8 && !memcmp(f->text + loc->start - 8, "requires", 8))
            rp_actions_hint(ctx, d);
        else if (rest_blank)
            dg_hint(ctx->s, d, "the file ends in the middle of this statement: finish it or remove it");
        else
            dg_hint(ctx->s, d, "the next line starts at the left edge of this statement, so it begins "
                               "a new one; if it continues this statement, indent it");
    } else {
        if (rp_phrasing(ctx, got, loc))
            return 0;
        const char *g = rp_got(ctx, got, loc, gbuf, sizeof gbuf);
        if (n > 0)
            d = dg_error(ctx->s, *loc, "R0001", "expected %s, but found %s", list, g);
        else
            d = dg_error(ctx->s, *loc, "R0001", "%s cannot come here", g);
        if (f->text[loc->start] == ',' && loc->end == loc->start + 1 && n > 0)
            dg_hint(ctx->s, d, "clauses are not separated by commas: write each clause after the "
                               "last, or on its own indented line");
        else if (first_on_line && at_margin && !rp_starts_statement(f->text + ws, we - ws))
            dg_hint(ctx->s, d, "a statement begins with a word such as role, body, matter, reserve or "
                               "delegate; if this line continues the one above, indent it");
        else if (at_margin && !rp_starts_statement(f->text + ws, we - ws) && we > ws)
            dg_hint(ctx->s, d, "this line does not begin with a statement word such as role, body, "
                               "matter, reserve or delegate; if it continues the line above, indent it");
        else
            dg_hint(ctx->s, d, "check the words and their order against the statement's form in SPEC.md");
    }
    return 0;
}

static void rp_error(rm_loc *loc, yyscan_t scanner, rp_ctx *ctx, const char *msg)
{
    (void)scanner;
    if (ctx->stop)
        return;
    /* only "memory exhausted" reaches here: the parser's stack is full */
    (void)msg; /* bison's own words ("memory exhausted") mean nothing to a reader */
    dg_item *d = dg_error(ctx->s, *loc, "R0008", "this statement is nested too deeply to read; "
                                               "Remit stops reading the file here");
    dg_hint(ctx->s, d, "split it into simpler rules; a long run of 'not' or '-' signs does this too");
}
