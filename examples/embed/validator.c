/*
 * validator.c - the smallest program that embeds libremit: check a policy,
 * compile it, evaluate one decision and print the outcome.
 *
 *   cc validator.c $(pkg-config --cflags --libs remit) -o validator
 *   ./validator POLICY DECISION [STDLIB_DIR]
 *
 * The outcome goes to standard output as JSON (remit.outcome/1, as
 * `remit eval --format json` writes it), one line naming it to standard
 * error, and the exit code is remit eval's (SPEC 11.6).  STDLIB_DIR is
 * where `use nhs.x` looks: for an installed Remit,
 * $(pkg-config --variable=stdlibdir remit).
 */
#include <remit.h>

#if REMIT_VERSION_NUMBER < 100
#error "validator.c needs libremit 0.1.0 or later"
#endif

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s POLICY DECISION [STDLIB_DIR]  (libremit %s)\n", argv[0],
                REMIT_VERSION);
        return REMIT_EXIT_USAGE;
    }
    remit_options opt;
    remit_options_init(&opt); /* the analyses on: an unsound scheme does not answer */
    opt.stdlib_dir = argc == 4 ? argv[3] : NULL;

    /* check: the diagnostics stay in the session until rendered */
    remit_session *s = remit_session_new(&opt);
    if (!s)
        return REMIT_EXIT_USAGE;
    int rc = remit_check_file(s, argv[1]);
    if (rc != REMIT_EXIT_OK) {
        remit_render_text(s, stderr);
        remit_session_free(s);
        return rc;
    }
    /* compile: the policy outlives its session */
    remit_policy *p = remit_compile(s);
    remit_session_free(s);
    if (!p)
        return REMIT_EXIT_USAGE;

    /* evaluate: faults in the decision are diagnostics of a second session */
    remit_session *in = remit_session_new(&opt);
    if (!in) {
        remit_policy_free(p);
        return REMIT_EXIT_USAGE;
    }
    remit_eval_options eo = {NULL, NULL, 1};
    rc = remit_eval_file(p, in, argv[2], &eo, stdout);
    switch (rc) {
    case REMIT_EXIT_OK: fputs("outcome: permitted\n", stderr); break;
    case REMIT_EXIT_ESCALATE: fputs("outcome: escalate\n", stderr); break;
    case REMIT_EXIT_REFUSED: fputs("outcome: refused\n", stderr); break;
    case REMIT_EXIT_UNDETERMINED: fputs("outcome: undetermined\n", stderr); break;
    default: remit_render_text(in, stderr); break;
    }
    remit_session_free(in);
    remit_policy_free(p);
    return rc;
}
