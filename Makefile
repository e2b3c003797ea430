# Remit - a policy language for governance.  See README.md.
#
#   make            build build/remit, build/libremit.a, build/libremit.so
#                   (with its soname links) and build/remit.pc
#   make test       unit, golden and stdlib tests, then all again under
#                   AddressSanitizer + UndefinedBehaviorSanitizer (clang)
#   make demo       check a bundled example
#   make bench      throughput and memory of `remit check` on large policies,
#                   evaluation against examples/icb-scheme.remit, then the
#                   scaling table (make bench-scale alone: generated schemes
#                   of 10 to 100,000 delegations; tests/bench/scale.sh)
#   make difftest   compare `remit eval` with the reference evaluator on
#                   random schemes (SEED=1 N=100000 decisions; tools/difftest/)
#   make diffproof  prove `remit diff` on generated pairs of a scheme and a
#                   mutation of it (SEED=1 PAIRS=1000; tools/difftest/)
#   make auditcheck audit generated ledgers of LINES=1000000 decisions, one
#                   with breaches seeded at known lines and one clean: every
#                   breach found, no false alarm (tools/audit/genledger.py)
#   make edges      tests/edges.py's generated folder trees and batch streams
#                   at length (SEED=1 TREES=1000 STREAMS=1000)
#   make coverage   line and branch coverage of eval.c and input.c (gcov)
#   make fuzz       each libFuzzer harness of tests/fuzz/ for FUZZ_SECONDS
#                   (default 60) seconds, in build/fuzz (clang)
#   make valgrind   unit and golden suites under valgrind memcheck
#   make clean      remove build/
#   make install PREFIX=/usr/local   (and DESTDIR=stage): the binary, both
#                   libraries, remit.h, remit.pc, the standard library and
#                   the man pages remit(1) and libremit(3)
#   make uninstall  remove exactly what make install put there (same
#                   PREFIX and DESTDIR)
#
# Missing Debian packages are installed first when running as root
# (otherwise the exact apt-get command is printed and make stops).

CC      ?= cc
SAN_CC  ?= clang
PREFIX  ?= /usr/local
BUILD   ?= build
SANBUILD = build/san

WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wpointer-arith -Wformat=2 -Wvla -Wno-format-nonliteral
# flex and bison output is not ours to fix: keep -Werror, drop what it trips
GENWARN = -Wall -Wextra -Werror -Wno-sign-compare -Wno-unused-function \
          -Wno-unused-parameter -Wno-unused-but-set-variable -Wno-unknown-warning-option
OPT     ?= -O2 -g
STDLIB_DIR ?= $(CURDIR)/stdlib-policies
CPPFLAGS_ALL = -D_DEFAULT_SOURCE -Icompiler -I$(BUILD)/gen \
               -DREMIT_STDLIB_DIR='"$(STDLIB_DIR)"' $(CPPFLAGS)
CFLAGS_ALL   = -std=c11 $(OPT) -MMD -MP $(CFLAGS)

LIB_SRC  = compiler/arena.c compiler/symtab.c compiler/literal.c compiler/words.c compiler/source.c \
           compiler/diag.c compiler/ast.c compiler/resolve.c compiler/check.c \
           compiler/session.c compiler/yamlin.c compiler/jsonin.c compiler/lower.c \
           compiler/eval.c compiler/input.c compiler/explain.c compiler/decide.c \
           compiler/analyse.c compiler/graph.c compiler/export.c compiler/doc.c compiler/api.c compiler/diff.c compiler/fmt.c compiler/lsp.c compiler/tcover.c compiler/audit.c compiler/stress.c $(sort $(wildcard compiler/an_*.c))
GEN_SRC  = $(BUILD)/gen/parser.c $(BUILD)/gen/lexer.c
LIB_OBJ  = $(LIB_SRC:compiler/%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/%.o)
# the same objects again, position-independent, for libremit.so
PIC_OBJ  = $(LIB_OBJ:$(BUILD)/obj/%.o=$(BUILD)/pic/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# ---- the version: compiler/remit.h is its one home ----------------------
# (".define", not "#define": a # would start a comment here)
remit_version = $(shell sed -n 's/^.define REMIT_VERSION_$(1)  *\([0-9][0-9]*\).*/\1/p' compiler/remit.h)
VERSION_MAJOR := $(call remit_version,MAJOR)
VERSION := $(VERSION_MAJOR).$(call remit_version,MINOR).$(call remit_version,PATCH)
ifneq ($(shell sed -n 's/^.define REMIT_VERSION "\(.*\)"/\1/p' compiler/remit.h),$(VERSION))
$(error compiler/remit.h: REMIT_VERSION is not REMIT_VERSION_MAJOR.MINOR.PATCH ($(VERSION)))
endif
# The soname changes with the major version only; while it is 0 the
# interface may still change between minor versions (SPEC 11.7).
SONAME  = libremit.so.$(VERSION_MAJOR)
SOLIB   = $(BUILD)/libremit.so.$(VERSION)
SOLINKS = $(BUILD)/$(SONAME) $(BUILD)/libremit.so

.PHONY: all deps test demo bench bench-scale clean install uninstall unit golden fuzz fuzzers replay valgrind difftest diffproof auditcheck coverage edges genpolicy FORCE
.DEFAULT_GOAL := all

all: deps $(BUILD)/remit $(BUILD)/libremit.a $(SOLINKS) $(BUILD)/remit.pc

# ---- dependencies ------------------------------------------------------
DEB_PKGS = flex bison libyaml-dev libcmocka-dev clang libclang-rt-dev python3 python3-jsonschema python3-yaml git pkg-config parallel graphviz
# installed without what they recommend: a headless browser needs none of it
DEB_PKGS_BARE = chromium
deps:
	@missing=""; bare=""; for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	for p in $(DEB_PKGS_BARE); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || bare="$$bare $$p"; \
	done; \
	if [ -n "$$missing$$bare" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing:$$missing$$bare"; \
	        (apt-get update -qq && \
	         { [ -z "$$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } && \
	         { [ -z "$$bare" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$bare; }) \
	            >/dev/null || exit 1; \
	    else \
	        echo "Remit needs these Debian packages. Run:"; \
	        [ -z "$$missing" ] || echo "  sudo apt-get install -y$$missing"; \
	        [ -z "$$bare" ] || echo "  sudo apt-get install -y --no-install-recommends$$bare"; \
	        exit 1; \
	    fi; \
	fi

# ---- generated scanner and parser --------------------------------------
# one run of bison makes both (&: so that make -j runs it once)
# (| deps: under make -j, not before the packages that provide bison,
# flex and the headers are installed; every object waits for parser.h)
$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: grammar/parser.y | deps
	@mkdir -p $(BUILD)/gen
	bison -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/gen/lexer.c: grammar/lexer.l $(BUILD)/gen/parser.h | deps
	@mkdir -p $(BUILD)/gen
	flex -CF -o $@ $<

# ---- objects -----------------------------------------------------------
$(BUILD)/obj/%.o: compiler/%.c $(BUILD)/gen/parser.h
	@mkdir -p $(BUILD)/obj
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(WARN) -c -o $@ $<

$(BUILD)/obj/parser.o: $(BUILD)/gen/parser.c
	@mkdir -p $(BUILD)/obj
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(GENWARN) -c -o $@ $<

$(BUILD)/obj/lexer.o: $(BUILD)/gen/lexer.c
	@mkdir -p $(BUILD)/obj
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(GENWARN) -c -o $@ $<

$(BUILD)/libremit.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

LIBS = -lyaml

# ---- the shared library ------------------------------------------------
# Built with hidden visibility: only what compiler/remit.h declares (its
# "#pragma GCC visibility push(default)") is exported, so that the
# library's insides cannot be linked against, nor clash with a program's
# own names.  tests/solib.sh checks the list.
PICFLAGS = -fPIC -fvisibility=hidden

$(BUILD)/pic/%.o: compiler/%.c $(BUILD)/gen/parser.h
	@mkdir -p $(BUILD)/pic
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PICFLAGS) $(WARN) -c -o $@ $<

$(BUILD)/pic/parser.o: $(BUILD)/gen/parser.c
	@mkdir -p $(BUILD)/pic
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PICFLAGS) $(GENWARN) -c -o $@ $<

$(BUILD)/pic/lexer.o: $(BUILD)/gen/lexer.c
	@mkdir -p $(BUILD)/pic
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PICFLAGS) $(GENWARN) -c -o $@ $<

# libyaml is linked in (a NEEDED entry), so that programs link with -lremit
# alone.  No -z defs: under the sanitizers the runtime's symbols are left
# for the program to bring.
$(SOLIB): $(PIC_OBJ)
	$(CC) $(CFLAGS_ALL) -shared -Wl,-soname,$(SONAME) -o $@ $^ $(LIBS) $(LDFLAGS)

# libremit.so -> libremit.so.0 -> libremit.so.0.1.0
$(BUILD)/$(SONAME): $(SOLIB)
	ln -sf $(notdir $(SOLIB)) $@

$(BUILD)/libremit.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

# pkg-config's description of the library for this PREFIX: written again
# whenever PREFIX or the version differ from what it holds
$(BUILD)/remit.pc: remit.pc.in FORCE
	@mkdir -p $(BUILD)
	@sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' remit.pc.in > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@ && echo "wrote $@ (prefix $(PREFIX))"; fi

FORCE:

$(BUILD)/remit: $(BUILD)/obj/main.o $(BUILD)/libremit.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libremit.a
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(WARN) -o $@ $< $(BUILD)/libremit.a -lcmocka $(LIBS) -lpthread $(LDFLAGS)

# the benchmark's programs: generators stand alone, the benchmarks link
# the library (and read its internal headers, for typed decisions)
BENCH_GEN = $(BUILD)/bench/genpolicy $(BUILD)/bench/gendecisions $(BUILD)/bench/genscale
BENCH_LIB = $(BUILD)/bench/evalbench $(BUILD)/bench/scalebench

$(BENCH_GEN): $(BUILD)/bench/%: tests/bench/%.c
	@mkdir -p $(BUILD)/bench
	$(CC) $(CFLAGS_ALL) $(WARN) -o $@ $<

$(BENCH_LIB): $(BUILD)/bench/%: tests/bench/%.c tests/bench/bench.h $(BUILD)/libremit.a
	@mkdir -p $(BUILD)/bench
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(WARN) -o $@ $< $(BUILD)/libremit.a $(LIBS) $(LDFLAGS)

$(BUILD)/bench/gendecisions $(BUILD)/bench/genscale: tests/bench/gen.h

unit: $(UNIT_BIN)

# the generators of policies and histories: for make bench, and for
# tests/bounds.sh in make test
genpolicy: $(BUILD)/bench/genpolicy $(BUILD)/bench/genscale

# ---- fuzz harnesses (tests/fuzz/README.md) ------------------------------
# Each harness is built twice: with libFuzzer, for `make fuzz` (only in
# FUZZBUILD), and with replay_main.c for a main, in every build, to
# replay tests/fuzz/regress/ in make test.
FUZZ_NAMES   = policy decision register_history batch fmt
FUZZ_CFLAGS  = -D_DEFAULT_SOURCE -Icompiler -Itests/fuzz -DFUZZ_ROOT='"$(CURDIR)"' \
               -DREMIT_STDLIB_DIR='"$(STDLIB_DIR)"' $(CPPFLAGS) -std=c11 $(OPT) $(CFLAGS) $(WARN)
FUZZ_DEPS    = tests/fuzz/fuzz.h compiler/input.h compiler/remit.h $(BUILD)/libremit.a
FUZZBUILD    = build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

replay: $(FUZZ_NAMES:%=$(BUILD)/replay/fuzz_%)
fuzzers: $(FUZZ_NAMES:%=$(BUILD)/fuzzers/fuzz_%)

$(BUILD)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c $(FUZZ_DEPS)
	@mkdir -p $(BUILD)/replay
	$(CC) $(FUZZ_CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(BUILD)/libremit.a $(LIBS) $(LDFLAGS)

$(BUILD)/fuzzers/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(BUILD)/fuzzers
	$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libremit.a $(LIBS) $(LDFLAGS)

fuzz: deps
	$(MAKE) --no-print-directory BUILD=$(FUZZBUILD) CC=$(SAN_CC) OPT="-O1 -g" \
	    CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" LDFLAGS="$(FUZZ_SAN)" fuzzers
	sh tests/fuzz/fuzz.sh $(FUZZBUILD) $(FUZZ_SECONDS)

valgrind: deps
	$(MAKE) --no-print-directory all unit
	sh tests/valgrind.sh $(BUILD)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/pic/*.d $(BUILD)/tests/*.d)

# ---- tests -------------------------------------------------------------
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# the benchmarks are built too (not run), so that one that no longer
# compiles is found by make test rather than by make bench
# make test builds on every core even when make was not given -j (CI runs
# plain `make test`); under make -j the jobserver shares them already
TEST_JOBS = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))
test: deps
	$(MAKE) --no-print-directory $(TEST_JOBS) all unit replay genpolicy $(BENCH_GEN) $(BENCH_LIB)
	$(MAKE) --no-print-directory $(TEST_JOBS) BUILD=$(SANBUILD) CC=$(SAN_CC) OPT="-O1 -g" \
	    CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" all unit replay genpolicy
	sh tests/run.sh $(BUILD) $(SANBUILD)

demo: all
	$(BUILD)/remit check examples/icb-scheme.remit
	@for d in examples/decisions/*.yaml; do \
	    echo; echo "$$ remit eval examples/icb-scheme.remit $$d"; \
	    $(BUILD)/remit eval examples/icb-scheme.remit $$d; echo "(exit $$?)"; \
	done
	@echo; echo "$$ remit test examples/"; $(BUILD)/remit test examples/ | tail -1

# ---- remit audit on generated ledgers -----------------------------------
# make auditcheck LINES=1000000 SEED=1: a ledger with a breach seeded every
# 200 lines, then a clean one; the audit must find exactly the breaches
# seeded (tools/audit/genledger.py writes which), and its time and memory
# are printed
LINES ?= 1000000
auditcheck: all
	@mkdir -p $(BUILD)/auditcheck
	@for every in 200 0; do \
	    python3 tools/audit/genledger.py --lines $(LINES) --seed $(SEED) --every $$every \
	        --out $(BUILD)/auditcheck/ledger.jsonl --expect $(BUILD)/auditcheck/expect.json || exit 1; \
	    echo "audit of $(LINES) lines (a breach seeded every $$every lines; 0: none):"; \
	    python3 tools/audit/timed.py $(LINES) $(BUILD)/auditcheck/audit.json -- \
	        $(BUILD)/remit audit examples/icb-scheme.remit --history $(BUILD)/auditcheck/ledger.jsonl --format json; \
	    python3 -c 'import json,sys; e=sorted((k,tuple(v)) for k,v in json.load(open(sys.argv[1]))); d=json.load(open(sys.argv[2])); g=sorted((b["kind"],tuple(b.get("lines",[b["line"]]))) for b in d["breaches"]); print("%d decisions audited: %d breaches seeded, %d found, %d missed, %d false alarms" % (d["decisions"], len(e), len(g), len(set(e)-set(g)), len(set(g)-set(e)))); sys.exit(e != g or d["decisions"] != int(sys.argv[3]))' \
	        $(BUILD)/auditcheck/expect.json $(BUILD)/auditcheck/audit.json $(LINES) || exit 1; \
	done
	@rm -rf $(BUILD)/auditcheck

# ---- differential testing against the reference evaluator --------------
# make difftest SEED=1 N=100000: N decisions in all, 100 per random scheme
# (tools/difftest/README.md)
SEED ?= 1
N    ?= 100000
JOBS ?= 2
SCALE ?= 1
difftest: all
	python3 tools/difftest/difftest.py --seed $(SEED) --schemes $$((($(N) + 99) / 100)) \
	    --decisions-per-scheme 100 --jobs $(JOBS) --scale $(SCALE) --remit $(BUILD)/remit

# make diffproof SEED=1 PAIRS=1000: the proof of `remit diff` on PAIRS
# generated pairs (tools/difftest/diffproof.py; SPEC 11.10)
PAIRS ?= 1000
diffproof: all
	python3 tools/difftest/diffproof.py --seed $(SEED) --pairs $(PAIRS) --jobs $(JOBS) --remit $(BUILD)/remit \
	    --out $(BUILD)/diffproof

# make edges: the generated cases of tests/edges.py at length — random
# folder trees (links, loops, FIFOs) and random batch streams fed through
# a pipe in pieces (SEED=1 TREES=1000 STREAMS=1000)
TREES   ?= 1000
STREAMS ?= 1000
edges: all
	python3 tests/edges.py $(BUILD)/remit --seed $(SEED) --trees $(TREES) --streams $(STREAMS)

# make coverage: line and branch coverage of eval.c and input.c under the
# unit, golden, example and differential suites (gcov; tests/coverage.sh)
COVBUILD = build/cov
coverage: deps
	$(MAKE) --no-print-directory BUILD=$(COVBUILD) CC=gcc OPT="-O0 -g" \
	    CFLAGS="--coverage" LDFLAGS="--coverage" all unit replay
	sh tests/coverage.sh $(COVBUILD)

bench: all $(BENCH_GEN) $(BENCH_LIB)
	sh tests/bench/bench.sh $(BUILD)
	sh tests/bench/scale.sh $(BUILD)

# the scaling table alone (tests/bench/scale.sh; SCALE_SIZES="10 1000",
# SCALE_BUDGET, SCALE_TIMEOUT and the others it lists)
bench-scale: all $(BUILD)/bench/genscale $(BUILD)/bench/scalebench
	sh tests/bench/scale.sh $(BUILD)

# ---- install and uninstall ---------------------------------------------
# What make install writes under $(DESTDIR)$(PREFIX), and make uninstall
# removes again: bin/remit; lib/libremit.a, lib/libremit.so.$(VERSION) with
# its links libremit.so.$(VERSION_MAJOR) and libremit.so; include/remit.h;
# lib/pkgconfig/remit.pc; share/remit/stdlib-policies/; share/man/man1/remit.1
# and share/man/man3/libremit.3.  Uninstall leaves the shared folders
# (bin, lib, lib/pkgconfig, include, share/man/man1, share/man/man3) in
# place, even when empty: other packages use them.  It removes share/remit,
# which is Remit's own.  Run ldconfig after installing to a folder in the
# loader's path (/usr/local/lib) so that libremit.so.$(VERSION_MAJOR) is found.
INST = $(DESTDIR)$(PREFIX)

install: all
	install -d $(INST)/bin $(INST)/lib/pkgconfig $(INST)/include \
	    $(INST)/share/remit $(INST)/share/man/man1 $(INST)/share/man/man3
	install -m 755 $(BUILD)/remit $(INST)/bin/remit
	install -m 644 $(BUILD)/libremit.a $(INST)/lib/libremit.a
	install -m 755 $(SOLIB) $(INST)/lib/$(notdir $(SOLIB))
	ln -sf $(notdir $(SOLIB)) $(INST)/lib/$(SONAME)
	ln -sf $(SONAME) $(INST)/lib/libremit.so
	install -m 644 compiler/remit.h $(INST)/include/remit.h
	install -m 644 $(BUILD)/remit.pc $(INST)/lib/pkgconfig/remit.pc
	rm -rf $(INST)/share/remit/stdlib-policies
	cp -R stdlib-policies $(INST)/share/remit/
	install -m 644 docs/man/remit.1 $(INST)/share/man/man1/remit.1
	install -m 644 docs/man/libremit.3 $(INST)/share/man/man3/libremit.3

uninstall:
	rm -f $(INST)/bin/remit $(INST)/lib/libremit.a $(INST)/lib/$(notdir $(SOLIB)) \
	    $(INST)/lib/$(SONAME) $(INST)/lib/libremit.so $(INST)/include/remit.h \
	    $(INST)/lib/pkgconfig/remit.pc $(INST)/share/man/man1/remit.1 \
	    $(INST)/share/man/man3/libremit.3
	rm -rf $(INST)/share/remit/stdlib-policies
	@if [ -d $(INST)/share/remit ]; then rmdir $(INST)/share/remit 2>/dev/null || \
	    echo "left $(INST)/share/remit: it holds files Remit did not put there"; fi

clean:
	rm -rf build
