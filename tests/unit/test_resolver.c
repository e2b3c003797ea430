/*
 * test_resolver.c - names and imports: unknown names and their "did you
 * mean", names of the wrong kind, duplicates, reporting cycles (check.c),
 * and `use` (resolve.c): cycles, escaping the policy's folder, missing
 * files and modules, and a file used twice read once.
 *
 * Import tests write their files into a fresh mkdtemp directory.
 */
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

#include "helpers.h"

#define POUND "\xC2\xA3"

typedef struct fx {
    remit_session *s;
    char dir[PATH_MAX];      /* canonical: imports are compared by realpath */
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    char tmpl[] = "/tmp/remit-unit-XXXXXX";
    if (!mkdtemp(tmpl) || !realpath(tmpl, f->dir)) {
        free(f);
        return -1;
    }
    remit_options o = rt_options();
    f->s = remit_session_new(&o);
    *state = f;
    return f->s ? 0 : -1;
}

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[PATH_MAX];
                int k = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                if (k > 0 && (size_t)k < sizeof sub)
                    rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    remit_session_free(f->s);
    if (f->dir[0])
        rm_rf(f->dir);
    free(f);
    return 0;
}

#define FX_TEST(t) cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

/* dir/rel, in a buffer that lives as long as the fixture's strings need */
static const char *fx_path(fx *f, const char *rel, char *buf, size_t n)
{
    int k = snprintf(buf, n, "%s/%s", f->dir, rel);
    assert_true(k > 0 && (size_t)k < n);
    return buf;
}

static void fx_mkdir(fx *f, const char *rel)
{
    char p[PATH_MAX];
    assert_int_equal(mkdir(fx_path(f, rel, p, sizeof p), 0700), 0);
}

static void fx_write(fx *f, const char *rel, const char *text)
{
    char p[PATH_MAX];
    FILE *fp = fopen(fx_path(f, rel, p, sizeof p), "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static int fx_check_file(fx *f, const char *rel)
{
    char p[PATH_MAX];
    return remit_check_file(f->s, fx_path(f, rel, p, sizeof p));
}

/* Check text in memory as if it were the file dir/rel. */
static int fx_check_buffer(fx *f, const char *rel, const char *text)
{
    char p[PATH_MAX];
    return remit_check_buffer(f->s, fx_path(f, rel, p, sizeof p), text, strlen(text));
}

static int fx_check_text(fx *f, const char *text)
{
    return remit_check_buffer(f->s, RT_NAME, text, strlen(text));
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = s ? strlen(s) : 0, b = strlen(tail);
    return s && a >= b && strcmp(s + a - b, tail) == 0;
}

/* ------------------------------------------------------------- names */

#define NAMES                                                             \
    "policy \"names\"\n"                  /* 1 */                         \
    "matter spend { amount: money }\n"    /* 2 */                         \
    "body board\n"                        /* 3 */                         \
    "role chair\n"                        /* 4 */                         \
    "kind exec\n"                         /* 5 */                         \
    "role execs is exec\n"                /* 6 */

static void test_unknown_matter_suggests(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "reserve spnd to board\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0206", 7, 9);
    assert_message_has(d, "'spnd'");
    assert_hint_has(d, "did you mean 'spend'?");
    assert_errors(f->s, 1);
}

static void test_unknown_holder_suggests(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "reserve spend to bord\nreserve spend to chiar\n");
    assert_hint_has(assert_diag(f->s, "R0201", 7, 18), "'board'");
    assert_hint_has(assert_diag(f->s, "R0201", 8, 18), "'chair'");
}

static void test_unknown_field_suggests(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "reserve spend to board when amont > " POUND "1m\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0201", 7, 29);
    assert_message_has(d, "'amont'");
    assert_hint_has(d, "did you mean 'amount'?");
}

static void test_unknown_without_suggestion(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "reserve spend to zzzzzzzz\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0201", 7, 18);
    assert_null(strstr(d->hint, "did you mean"));
    assert_hint_has(d, "declare");
}

static void test_unknown_tier_suggests(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "use nhs.tiers\nbody b at sytem\n");
    assert_hint_has(assert_diag(f->s, "R0205", 8, 11), "'system'");
    assert_errors(f->s, 1);
}

static void test_wrong_kind(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "reserve spend to spend\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0204", 7, 18);
    assert_message_has(d, "is a matter");
    assert_hint_has(d, "line 2");
    assert_errors(f->s, 1);
}

static void test_wrong_kind_suggests_right_kind(void **state)
{
    fx *f = *state;
    /* `execs` is a role; a kind is wanted, and `exec` is one */
    fx_check_text(f, NAMES "role r is execs\n");
    assert_hint_has(assert_diag(f->s, "R0204", 7, 11), "'exec'");
}

static void test_duplicate_names(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES
                  "kind board\n"                                  /* 7 */
                  "matter chair { x: money }\n"                   /* 8 */
                  "big: reserve spend to board\n"                 /* 9 */
                  "big: reserve spend to chair\n");               /* 10 */
    const remit_diagnostic *d = assert_diag(f->s, "R0202", 7, 6);
    assert_message_has(d, "as a body");
    assert_hint_has(d, "line 3");
    assert_hint_has(assert_diag(f->s, "R0202", 8, 8), "line 4");
    assert_hint_has(assert_diag(f->s, "R0202", 10, 1), "line 9");
    assert_diag_count(f->s, "R0202", 3);
}

static void test_duplicate_fields(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES
                  "matter m {\n"                                  /* 7 */
                  "    a: money\n"                                /* 8 */
                  "    b: days\n"                                 /* 9 */
                  "    a: days\n"                                 /* 10 */
                  "}\n"                                           /* 11 */
                  "context { level: number }\n"                   /* 12 */
                  "context { level: number }\n");                 /* 13 */
    assert_hint_has(assert_diag(f->s, "R0208", 10, 5), "line 8");
    assert_hint_has(assert_diag(f->s, "R0208", 13, 11), "line 12");
    assert_errors(f->s, 2);
}

static void test_tiers_twice(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "tiers a < b\ntiers c < d\n");
    assert_hint_has(assert_diag(f->s, "R0213", 8, 1), "line 7");
    assert_errors(f->s, 1);
}

/* Declaring tiers when the standard library's are used: the error is the
 * policy's own line, not a line of the standard library. */
static void test_tiers_twice_with_stdlib(void **state)
{
    fx *f = *state;
    fx_check_text(f, "policy \"x\"\nuse nhs.tiers\ntiers a < b\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0213", 0, 0);
    if (strcmp(d->file, RT_NAME) != 0 || d->line != 3)
        fail_msg("R0213 is reported at %s:%u, not at the policy's own tiers (%s:3)",
                 d->file, d->line, RT_NAME);
    assert_errors(f->s, 1);
}

static void test_reporting_cycle(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES
                  "body x reports to y\n"                         /* 7 */
                  "body y reports to z\n"                         /* 8 */
                  "body z reports to x\n"                         /* 9 */
                  "body w reports to x\n"                         /* 10: not in it */
                  "body self reports to self\n"                   /* 11 */
                  "body c1 reports to c2\n"                       /* 12 */
                  "body c2 reports to board\n");                  /* 13 */
    /* one circle, one error, on one of its lines, naming the circle */
    size_t on_circle = 0;
    for (unsigned line = 7; line <= 9; line++) {
        const remit_diagnostic *d = rt_find(f->s, "R0501", line, 19);
        if (d) {
            on_circle++;
            /* whichever body the circle is told from */
            assert_message_has(d, "reports to x");
            assert_message_has(d, "reports to y");
            assert_message_has(d, "reports to z");
        }
    }
    assert_int_equal(on_circle, 1);
    assert_message_has(assert_diag(f->s, "R0501", 11, 22), "'self' reports to itself");
    assert_diag_count(f->s, "R0501", 2);
    assert_null(rt_find(f->s, "R0501", 10, 0));
    assert_null(rt_find(f->s, "R0501", 12, 0));
    assert_null(rt_find(f->s, "R0501", 13, 0));
}

static void test_unknown_parent_is_not_a_cycle(void **state)
{
    fx *f = *state;
    fx_check_text(f, NAMES "body x reports to nobody\n");
    assert_diag(f->s, "R0201", 7, 19);
    assert_no_diag(f->s, "R0501");
}

/* ----------------------------------------------------------- imports */

static void test_use_stdlib(void **state)
{
    fx *f = *state;
    assert_int_equal(fx_check_text(f, "policy \"x\"\nuse nhs.tiers\nbody b at system\n"
                                      "matter m { a: money }\n"
                                      "escalate m to next tier when a > " POUND "1\n"),
                     REMIT_OK);
    assert_clean(f->s);
}

static void test_use_unknown_stdlib_module(void **state)
{
    fx *f = *state;
    fx_check_text(f, "policy \"x\"\nuse nhs.nosuch\nuse nosuch\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0304", 2, 5);
    assert_message_has(d, "'nhs.nosuch'");
    assert_hint_has(d, "nhs.tiers");
    assert_diag(f->s, "R0304", 3, 5);
    assert_errors(f->s, 2);
}

static void test_use_missing_file(void **state)
{
    fx *f = *state;
    fx_check_buffer(f, "root.remit", "policy \"x\"\nuse \"nope.remit\"\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0301", 2, 5);
    assert_message_has(d, "'nope.remit'");
    assert_true(ends_with(d->file, "root.remit"));
    assert_errors(f->s, 1);
}

static void test_root_file_missing(void **state)
{
    fx *f = *state;
    assert_int_equal(fx_check_file(f, "none.remit"), REMIT_E_UNREADABLE);
    const remit_diagnostic *d = assert_diag(f->s, "R0301", 0, 0);
    assert_null(d->file); /* no place in a file to point at */
    assert_errors(f->s, 1);
}

static void test_root_file_is_directory(void **state)
{
    fx *f = *state;
    fx_mkdir(f, "sub");
    assert_int_equal(fx_check_file(f, "sub"), REMIT_E_UNREADABLE);
    assert_message_has(assert_diag(f->s, "R0301", 0, 0), "folder");
}

static void test_use_cycle(void **state)
{
    fx *f = *state;
    fx_write(f, "a.remit", "policy \"a\"\nuse \"b.remit\"\n");
    fx_write(f, "b.remit", "policy \"b\"\nuse \"a.remit\"\n");
    assert_int_equal(fx_check_file(f, "a.remit"), REMIT_E_POLICY);
    const remit_diagnostic *d = assert_diag(f->s, "R0302", 2, 5);
    assert_true(ends_with(d->file, "b.remit"));
    assert_message_has(d, "a.remit uses ");
    assert_message_has(d, "b.remit uses ");
    assert_true(ends_with(d->message, "a.remit"));
    assert_errors(f->s, 1);
}

static void test_use_cycle_from_buffer(void **state)
{
    fx *f = *state;
    /* the buffer stands for a.remit, which b.remit uses back */
    fx_write(f, "a.remit", "policy \"a\"\nuse \"b.remit\"\n");
    fx_write(f, "b.remit", "policy \"b\"\nuse \"c.remit\"\n");
    fx_write(f, "c.remit", "policy \"c\"\nuse \"a.remit\"\n");
    fx_check_buffer(f, "a.remit", "policy \"a\"\nuse \"b.remit\"\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0302", 2, 5);
    assert_true(ends_with(d->file, "c.remit"));
    assert_errors(f->s, 1);
}

static void test_use_self(void **state)
{
    fx *f = *state;
    fx_write(f, "self.remit", "policy \"s\"\nkind k\nuse \"self.remit\"\n");
    fx_check_file(f, "self.remit");
    assert_diag(f->s, "R0302", 3, 5);
    assert_errors(f->s, 1);
}

static void test_use_escapes_folder(void **state)
{
    fx *f = *state;
    char target[PATH_MAX], link[PATH_MAX];
    fx_mkdir(f, "sub");
    fx_mkdir(f, "sub2");
    fx_write(f, "outside.remit", "policy \"o\"\n");
    fx_write(f, "sub2/x.remit", "policy \"x\"\n");
    assert_int_equal(symlink(fx_path(f, "outside.remit", target, sizeof target),
                             fx_path(f, "sub/link.remit", link, sizeof link)), 0);
    fx_write(f, "sub/root.remit",
             "policy \"r\"\n"
             "use \"../outside.remit\"\n"     /* 2 */
             "use \"/etc/hostname\"\n"        /* 3 */
             "use \"link.remit\"\n"           /* 4: a link that leads out */
             "use \"../sub2/x.remit\"\n"      /* 5: shares a prefix with sub */
             "use \"\"\n");                   /* 6 */
    fx_check_file(f, "sub/root.remit");
    assert_message_has(assert_diag(f->s, "R0303", 2, 5), "outside");
    assert_diag(f->s, "R0303", 3, 5);
    assert_diag(f->s, "R0303", 4, 5);
    assert_diag(f->s, "R0303", 5, 5);
    assert_diag(f->s, "R0303", 6, 5);
    assert_errors(f->s, 5);
}

static void test_use_inside_wider_root(void **state)
{
    fx *f = *state;
    fx_mkdir(f, "sub");
    fx_write(f, "shared.remit", "policy \"s\"\nkind k\n");
    fx_write(f, "sub/root.remit", "policy \"r\"\nuse \"../shared.remit\"\nrole x is k\n");
    remit_options o = rt_options();
    o.root_dir = f->dir;
    remit_session *s = remit_session_new(&o);
    char p[PATH_MAX];
    assert_int_equal(remit_check_file(s, fx_path(f, "sub/root.remit", p, sizeof p)), REMIT_OK);
    assert_clean(s);
    remit_session_free(s);
}

static void test_use_relative_to_using_file(void **state)
{
    fx *f = *state;
    fx_mkdir(f, "sub");
    fx_write(f, "leaf.remit", "policy \"wrong leaf\"\nkind k @\n");
    fx_write(f, "sub/leaf.remit", "policy \"leaf\"\nkind k\n");
    fx_write(f, "sub/mid.remit", "policy \"mid\"\nuse \"leaf.remit\"\n");
    fx_write(f, "root.remit", "policy \"root\"\nuse \"sub/mid.remit\"\nrole r is k\n");
    assert_int_equal(fx_check_file(f, "root.remit"), REMIT_OK);
    assert_clean(f->s);
}

static void test_diamond_read_once(void **state)
{
    fx *f = *state;
    fx_write(f, "top.remit", "policy \"top\"\nuse \"l.remit\"\nuse \"r.remit\"\nrole x is k\n");
    fx_write(f, "l.remit", "policy \"l\"\nuse \"base.remit\"\n");
    fx_write(f, "r.remit", "policy \"r\"\nuse \"base.remit\"\n");
    fx_write(f, "base.remit", "policy \"base\"\nkind k\nrole y is nokind\n");
    assert_int_equal(fx_check_file(f, "top.remit"), REMIT_E_POLICY);
    /* base is read once: its error is reported once, its kind declared once */
    const remit_diagnostic *d = assert_diag(f->s, "R0201", 3, 11);
    assert_true(ends_with(d->file, "base.remit"));
    assert_no_diag(f->s, "R0202");
    assert_no_diag(f->s, "R0302");
    assert_errors(f->s, 1);
}

static void test_used_file_errors_carry_its_path(void **state)
{
    fx *f = *state;
    fx_write(f, "roles.remit", "policy \"roles\"\nkind k\nkind k\n");
    fx_check_buffer(f, "root.remit", "policy \"x\"\nuse \"roles.remit\"\n");
    const remit_diagnostic *d = assert_diag(f->s, "R0202", 3, 6);
    assert_true(ends_with(d->file, "roles.remit"));
}

static void test_use_depth_limit(void **state)
{
    fx *f = *state;
    enum { N = 40 };
    for (int i = 0; i < N; i++) {
        char name[32], text[96];
        snprintf(name, sizeof name, "f%d.remit", i);
        if (i + 1 < N)
            snprintf(text, sizeof text, "policy \"f%d\"\nuse \"f%d.remit\"\n", i, i + 1);
        else
            snprintf(text, sizeof text, "policy \"last\"\n");
        fx_write(f, name, text);
    }
    fx_check_file(f, "f0.remit");
    assert_diag(f->s, "R0305", 2, 5);
    assert_diag_count(f->s, "R0305", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        FX_TEST(test_unknown_matter_suggests),
        FX_TEST(test_unknown_holder_suggests),
        FX_TEST(test_unknown_field_suggests),
        FX_TEST(test_unknown_without_suggestion),
        FX_TEST(test_unknown_tier_suggests),
        FX_TEST(test_wrong_kind),
        FX_TEST(test_wrong_kind_suggests_right_kind),
        FX_TEST(test_duplicate_names),
        FX_TEST(test_duplicate_fields),
        FX_TEST(test_tiers_twice),
        FX_TEST(test_tiers_twice_with_stdlib),
        FX_TEST(test_reporting_cycle),
        FX_TEST(test_unknown_parent_is_not_a_cycle),
        FX_TEST(test_use_stdlib),
        FX_TEST(test_use_unknown_stdlib_module),
        FX_TEST(test_use_missing_file),
        FX_TEST(test_root_file_missing),
        FX_TEST(test_root_file_is_directory),
        FX_TEST(test_use_cycle),
        FX_TEST(test_use_cycle_from_buffer),
        FX_TEST(test_use_self),
        FX_TEST(test_use_escapes_folder),
        FX_TEST(test_use_inside_wider_root),
        FX_TEST(test_use_relative_to_using_file),
        FX_TEST(test_diamond_read_once),
        FX_TEST(test_used_file_errors_carry_its_path),
        FX_TEST(test_use_depth_limit),
    };
    return rt_run_tests(tests);
}
