# Remit - a policy language for governance.  See README.md.
#
#   make            build build/remit and build/libremit.a
#   make test       unit, golden and stdlib tests, then all again under
#                   AddressSanitizer + UndefinedBehaviorSanitizer (clang)
#   make demo       check a bundled example
#   make bench      throughput and memory of `remit check` on large policies
#   make difftest   compare `remit eval` with the reference evaluator on
#                   random schemes (SEED=1 N=100000 decisions; tools/difftest/)
#   make edges      tests/edges.py's generated folder trees and batch streams
#                   at length (SEED=1 TREES=1000 STREAMS=1000)
#   make coverage   line and branch coverage of eval.c and input.c (gcov)
#   make fuzz       each libFuzzer harness of tests/fuzz/ for FUZZ_SECONDS
#                   (default 60) seconds, in build/fuzz (clang)
#   make valgrind   unit and golden suites under valgrind memcheck
#   make clean      remove build/
#   make install PREFIX=/usr/local
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

LIB_SRC  = compiler/arena.c compiler/symtab.c compiler/literal.c compiler/source.c \
           compiler/diag.c compiler/ast.c compiler/resolve.c compiler/check.c \
           compiler/session.c compiler/yamlin.c compiler/jsonin.c compiler/lower.c \
           compiler/eval.c compiler/input.c compiler/explain.c compiler/decide.c \
           compiler/analyse.c compiler/graph.c compiler/export.c compiler/api.c $(sort $(wildcard compiler/an_*.c))
GEN_SRC  = $(BUILD)/gen/parser.c $(BUILD)/gen/lexer.c
LIB_OBJ  = $(LIB_SRC:compiler/%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test demo bench clean install unit golden fuzz fuzzers replay valgrind difftest coverage edges genpolicy
.DEFAULT_GOAL := all

all: deps $(BUILD)/remit $(BUILD)/libremit.a

# ---- dependencies ------------------------------------------------------
DEB_PKGS = flex bison libyaml-dev libcmocka-dev clang libclang-rt-dev python3
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing:$$missing"; \
	        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || exit 1; \
	    else \
	        echo "Remit needs these Debian packages. Run:"; \
	        echo "  sudo apt-get install -y$$missing"; \
	        exit 1; \
	    fi; \
	fi

# ---- generated scanner and parser --------------------------------------
$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h: grammar/parser.y
	@mkdir -p $(BUILD)/gen
	bison -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/gen/lexer.c: grammar/lexer.l $(BUILD)/gen/parser.h
	@mkdir -p $(BUILD)/gen
	flex -o $@ $<

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

$(BUILD)/remit: $(BUILD)/obj/main.o $(BUILD)/libremit.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libremit.a
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(WARN) -o $@ $< $(BUILD)/libremit.a -lcmocka $(LIBS) -lpthread $(LDFLAGS)

$(BUILD)/bench/genpolicy: tests/bench/genpolicy.c
	@mkdir -p $(BUILD)/bench
	$(CC) $(CFLAGS_ALL) $(WARN) -o $@ $<

$(BUILD)/bench/gendecisions: tests/bench/gendecisions.c
	@mkdir -p $(BUILD)/bench
	$(CC) $(CFLAGS_ALL) $(WARN) -o $@ $<

$(BUILD)/bench/evalbench: tests/bench/evalbench.c $(BUILD)/libremit.a
	@mkdir -p $(BUILD)/bench
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(WARN) -o $@ $< $(BUILD)/libremit.a $(LIBS) $(LDFLAGS)

unit: $(UNIT_BIN)

# the policy generator: for make bench, and for tests/bounds.sh in make test
genpolicy: $(BUILD)/bench/genpolicy

# ---- fuzz harnesses (tests/fuzz/README.md) ------------------------------
# Each harness is built twice: with libFuzzer, for `make fuzz` (only in
# FUZZBUILD), and with replay_main.c for a main, in every build, to
# replay tests/fuzz/regress/ in make test.
FUZZ_NAMES   = policy decision register_history batch
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

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)

# ---- tests -------------------------------------------------------------
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

test: deps
	$(MAKE) --no-print-directory all unit replay genpolicy
	$(MAKE) --no-print-directory BUILD=$(SANBUILD) CC=$(SAN_CC) OPT="-O1 -g" \
	    CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" all unit replay genpolicy
	sh tests/run.sh $(BUILD) $(SANBUILD)

demo: all
	$(BUILD)/remit check examples/icb-scheme.remit
	@for d in examples/decisions/*.yaml; do \
	    echo; echo "$$ remit eval examples/icb-scheme.remit $$d"; \
	    $(BUILD)/remit eval examples/icb-scheme.remit $$d; echo "(exit $$?)"; \
	done
	@echo; echo "$$ remit test examples/"; $(BUILD)/remit test examples/ | tail -1

# ---- differential testing against the reference evaluator --------------
# make difftest SEED=1 N=100000: N decisions in all, 100 per random scheme
# (tools/difftest/README.md)
SEED ?= 1
N    ?= 100000
JOBS ?= 2
difftest: all
	python3 tools/difftest/difftest.py --seed $(SEED) --schemes $$((($(N) + 99) / 100)) \
	    --decisions-per-scheme 100 --jobs $(JOBS) --remit $(BUILD)/remit

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

bench: all $(BUILD)/bench/genpolicy $(BUILD)/bench/evalbench $(BUILD)/bench/gendecisions
	sh tests/bench/bench.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BUILD)/remit $(DESTDIR)$(PREFIX)/bin/remit
	install -m 644 $(BUILD)/libremit.a $(DESTDIR)$(PREFIX)/lib/libremit.a
	install -m 644 compiler/remit.h $(DESTDIR)$(PREFIX)/include/remit.h
	install -d $(DESTDIR)$(PREFIX)/share/remit
	cp -R stdlib-policies $(DESTDIR)$(PREFIX)/share/remit/

clean:
	rm -rf build
