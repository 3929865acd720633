# sms_fcgi: `make` builds ./sms_fcgi; `make test` installs what is missing,
# builds and runs every test; `make run` serves it behind a private nginx.
# SANITIZE=1 builds and tests under AddressSanitizer + UndefinedBehaviorSanitizer.

SHELL    := /bin/bash
CXX      ?= g++
CXXFLAGS ?= -O2 -g
# The language and warnings every configuration, and the shared test objects, compile with.
LANGUAGE_FLAGS := -std=c++20 -Wall -Wextra -Werror -pthread
CXXFLAGS += $(LANGUAGE_FLAGS)
CPPFLAGS += -I.
PREFIX   ?= /usr/local
DESTDIR  ?=

ifeq ($(SANITIZE),1)
BUILD    ?= build/sanitize
# -g1: line tables, all a sanitizer's stack trace needs, at two thirds of -g's compile time.
CXXFLAGS += -O1 -g1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
else ifeq ($(BENCH),1)
# What `make bench` measures: optimised, assertions off, symbols kept for profiles.
BUILD    ?= build/bench
# -Wno-restrict: GCC 12 misreports std::string concatenation at -O3 (GCC bug 105329).
CXXFLAGS += -O3 -DNDEBUG -Wno-restrict
else ifeq ($(STATIC),1)
BUILD    ?= build/static
else ifeq ($(DYNAMIC),1)
BUILD    ?= build/dynamic
else ifeq ($(PACKAGE),1)
# What `make deb` packages (deploy/debian/): libfcgi patched and linked in,
# libcrypto and libstdc++ shared, so that Debian's security updates apply.
BUILD    ?= build/package
else
BUILD    ?= build/release
endif

# libFuzzer build: clang, sanitizers, coverage instrumentation on every object.
ifeq ($(FUZZ),1)
BUILD    := build/fuzz
CXX      := clang++
CXXFLAGS += -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
endif

ifeq ($(STATIC),1)
LDFLAGS  += -static
endif

# libfcgi: Debian's source of the installed version (apt-get source, fetched
# once into build/third_party/libfcgi), with our patches applied, compiled for
# each build configuration with its compiler and flags into $(BUILD)/libfcgi/
# and linked statically into everything; its headers replace /usr/include's.
# LIBFCGI_PATCHES=... builds Debian's source with only those (fuzz/unpatched-demo: only 04, no hardening).
# README: "libfcgi: built from Debian's source, patched".
LIBFCGI_SOURCE := build/third_party/libfcgi
LIBFCGI_PATCHES ?= $(sort $(wildcard third_party/libfcgi/*.patch))
LIBFCGI_TREE   := $(BUILD)/libfcgi/tree
LIBFCGI_OBJ    := $(BUILD)/libfcgi/fcgiapp.o $(BUILD)/libfcgi/os_unix.o
ifeq ($(FUZZ),1)
CC       := clang
endif
# The configuration's flags, less the C++ ones and the warnings: the C is
# Debian's, not ours to keep warning-free.
LIBFCGI_CFLAGS  = $(filter-out -std=% -W%,$(CXXFLAGS)) -w

ifeq ($(DYNAMIC),1)
$(warning DYNAMIC=1 links the system's shared libfcgi, which cannot carry the patches in third_party/libfcgi/; the server's own FastCGI record check guards such builds)
LIBFCGI_A      :=
LIBFCGI_LDLIBS := -lfcgi
# libfcgi.so reads through OS_Read by its PLT: the server's own must be visible to it.
LDFLAGS        += -Wl,--export-dynamic-symbol=OS_Read
else
LIBFCGI_A      := $(BUILD)/libfcgi/libfcgi.a
LIBFCGI_LDLIBS :=
CPPFLAGS += -I$(LIBFCGI_TREE)/include
endif
LDLIBS   += $(LIBFCGI_LDLIBS) -lre2 -lcrypto -pthread

# The server binary carries libfcgi, libcrypto, libstdc++ and libgcc inside;
# glibc stays shared (simulate needs dlopen). Loading and relocating those
# shared libraries was most of a plain CGI request's cost and a third of a
# FastCGI worker's memory (bench/README-notes.md). DYNAMIC=1 links them as
# shared libraries, so that OpenSSL security updates apply without a rebuild;
# PACKAGE=1 does so too, but with the patched libfcgi linked in.
# The sanitizer and static builds, the tests and the tools link as usual.
ifeq ($(filter 1,$(SANITIZE) $(STATIC) $(DYNAMIC) $(PACKAGE)),)
SERVER_LDFLAGS := -static-libstdc++ -static-libgcc
SERVER_LDLIBS  := -Wl,-Bstatic $(LIBFCGI_LDLIBS) -lre2 -lcrypto -Wl,-Bdynamic -pthread
else
SERVER_LDLIBS  := $(LDLIBS)
endif

LIB_SRC := $(wildcard text/*.cpp system/*.cpp http/*.cpp request/*.cpp session/*.cpp crypto/*.cpp signature/*.cpp twiml/*.cpp conversation/*.cpp handler/*.cpp config/*.cpp server/*.cpp metrics/*.cpp liquid/*.cpp flow/*.cpp)
LIB_OBJ := $(LIB_SRC:%.cpp=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/*.cpp tests/*/*.cpp)
# The tests' own code is compiled without optimisation (what it tests keeps
# the configuration's flags): that halves its compile time. The release and
# sanitizer configurations (what `make test` and `make check` build) share
# one set of test objects, uninstrumented, in build/tests/: compiled once,
# not twice. Linked after the configuration's own objects, which thus keep
# every inline function both define, instrumented under the sanitizers.
# Other configurations compile their own, with their flags.
ifneq ($(filter $(BUILD),build/release build/sanitize),)
TEST_BUILD    := build/tests
TEST_CPPFLAGS := -I.
TEST_CXXFLAGS := -g1 $(LANGUAGE_FLAGS)
else
TEST_BUILD    := $(BUILD)/tests
TEST_CPPFLAGS  = $(CPPFLAGS)
TEST_CXXFLAGS  = $(CXXFLAGS)
endif
TEST_OBJ := $(TEST_SRC:tests/%.cpp=$(TEST_BUILD)/%.o)
# The developer tools (chat, simulate) stay out of libsms.a. simulate loads
# libcurl with dlopen when it runs (http/libcurl_client.hpp), and the TwiML
# reader libxml2 (devtools/xml_reader.hpp): nothing links them.
DEVTOOLS_OBJ := $(patsubst %.cpp,$(BUILD)/%.o,$(wildcard devtools/*.cpp))
$(BUILD)/devtools/xml_reader.o: CPPFLAGS += -I/usr/include/libxml2

.PHONY: all deps check test server-binaries test-binaries run clean install deb deb-test docs vectors liquid-vectors fuzz fuzz-binaries fuzz-unpatched-demo bench bench-binaries bench-smoke FORCE

# Only the default configuration (no SANITIZE, BENCH, STATIC, DYNAMIC,
# PACKAGE or FUZZ) is copied to ./sms_fcgi: the others stay in their own
# directory, so that `make STATIC=1` never replaces the binary users run.
DEFAULT_CONFIG := $(if $(filter 1,$(SANITIZE) $(BENCH) $(STATIC) $(DYNAMIC) $(PACKAGE) $(FUZZ)),,yes)

ifeq ($(DEFAULT_CONFIG),yes)
all: sms_fcgi
else
all: $(BUILD)/sms_fcgi $(METRICS_PLUGIN)
	@echo "built $(BUILD)/sms_fcgi (./sms_fcgi stays the default build, made by a plain make)"
endif

# The metrics plugin: prometheus-cpp is only shared libraries (with the shared
# libstdc++ and civetweb), whose loading would triple a plain CGI request's
# start-up instructions, so a FastCGI process with SMS_METRICS_LISTEN set
# loads them with dlopen, next to the binary (metrics/recorder.hpp). A fully
# static binary cannot dlopen: STATIC=1 builds have no metrics.
ifneq ($(STATIC),1)
METRICS_PLUGIN := $(BUILD)/sms_fcgi-metrics.so
endif
PLUGIN_OBJ := $(patsubst %.cpp,$(BUILD)/%.o,$(wildcard metrics/plugin/*.cpp))
$(PLUGIN_OBJ): CXXFLAGS += -fPIC

$(BUILD)/sms_fcgi-metrics.so: $(PLUGIN_OBJ)
	$(CXX) $(LDFLAGS) -shared -o $@ $^ -lprometheus-cpp-pull -lprometheus-cpp-core

# build info: the commit, rewritten only when it changes so that it rebuilds main alone.
GIT_COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
$(BUILD)/git-commit: FORCE
	@mkdir -p $(BUILD); echo '$(GIT_COMMIT)' | cmp -s - $@ || echo '$(GIT_COMMIT)' >$@
$(BUILD)/sms_fcgi.o: $(BUILD)/git-commit
$(BUILD)/sms_fcgi.o: CPPFLAGS += -DSMS_GIT_COMMIT='"$(GIT_COMMIT)"'

# Every build lives in its own directory (BUILD=...), so several can coexist;
# the default one is also copied to ./sms_fcgi, where users expect it. The
# copy is compared, not dated, so that a ./sms_fcgi from elsewhere (an older
# Makefile copied the static build there) is replaced by the default build.
BINARY := $(BUILD)/sms_fcgi

ifeq ($(DEFAULT_CONFIG),yes)
sms_fcgi: $(BINARY) $(METRICS_PLUGIN) FORCE
	@cmp -s $< $@ || { echo "cp $< $@"; cp $< $@; }
	$(if $(METRICS_PLUGIN),@cmp -s $(METRICS_PLUGIN) $(notdir $(METRICS_PLUGIN)) || cp $(METRICS_PLUGIN) .)
else
sms_fcgi: FORCE
	@echo "make: ./sms_fcgi is the default build; this configuration builds $(BINARY) (make $(BINARY))" >&2; exit 2
endif

$(BINARY): $(BUILD)/sms_fcgi.o $(DEVTOOLS_OBJ) $(BUILD)/libsms.a $(LIBFCGI_A)
	$(CXX) $(LDFLAGS) $(SERVER_LDFLAGS) -o $@ $^ $(SERVER_LDLIBS)

# Made afresh: `ar r` into an old archive would keep the objects of moved
# or deleted files, and the linker could pick their stale code.
$(BUILD)/libsms.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/unit_tests: $(LIB_OBJ) $(DEVTOOLS_OBJ) $(TEST_OBJ) $(LIBFCGI_A)
	$(CXX) $(LDFLAGS) -o $@ $^ -lboost_unit_test_framework $(LDLIBS)

# Every test file but the runner (tests/main.cpp, which defines the module
# first) starts from Boost.Test's header, precompiled with the same flags.
TEST_PCH := $(TEST_BUILD)/pch/boost_test.hpp
TEST_FLAGS = $(TEST_CPPFLAGS) -DBOOST_TEST_DYN_LINK $(TEST_CXXFLAGS) -O0
$(TEST_BUILD)/%.o: tests/%.cpp $(TEST_PCH).gch
	@mkdir -p $(dir $@)
	$(CXX) $(TEST_FLAGS) $(if $(filter $(TEST_BUILD)/main.o,$@),,-include $(TEST_PCH)) -MMD -MP -c -o $@ $<

$(TEST_PCH).gch: tests/boost_test.hpp
	@mkdir -p $(dir $@)
	cp $< $(TEST_PCH)
	$(CXX) $(TEST_FLAGS) -x c++-header -o $@ $<

# libfcgi's headers come from its tree, which must exist first.
$(BUILD)/%.o: %.cpp | $(if $(LIBFCGI_A),$(BUILD)/libfcgi/.patched)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(DEVTOOLS_OBJ:.o=.d) $(PLUGIN_OBJ:.o=.d) $(BUILD)/sms_fcgi.d

# The installed libfcgi-dev version, rewritten only when an update changes
# it: the next build then fetches the new source.
$(LIBFCGI_SOURCE)/installed-version: FORCE
	@mkdir -p $(@D)
	@v=$$(dpkg-query -W -f='$${Version}' libfcgi-dev 2>/dev/null); echo "$$v" | cmp -s - $@ || echo "$$v" > $@

$(LIBFCGI_SOURCE)/source/.debian-version: third_party/libfcgi/fetch-source $(LIBFCGI_SOURCE)/installed-version
	third_party/libfcgi/fetch-source $(LIBFCGI_SOURCE)

# Which patches the tree has, rewritten only when LIBFCGI_PATCHES changes.
$(BUILD)/libfcgi/patches-applied: FORCE
	@mkdir -p $(@D)
	@echo '$(LIBFCGI_PATCHES)' | cmp -s - $@ || echo '$(LIBFCGI_PATCHES)' > $@

# The part of the source we use (the FCGX_* API), patched, with our
# fcgi_config.h in place of configure's.
$(BUILD)/libfcgi/.patched: $(LIBFCGI_SOURCE)/source/.debian-version $(BUILD)/libfcgi/patches-applied \
                           third_party/libfcgi/fcgi_config.h $(LIBFCGI_PATCHES)
	rm -rf $(LIBFCGI_TREE) && mkdir -p $(LIBFCGI_TREE)
	cp -r $(LIBFCGI_SOURCE)/source/libfcgi $(LIBFCGI_SOURCE)/source/include $(LIBFCGI_TREE)/
	cp third_party/libfcgi/fcgi_config.h $(LIBFCGI_TREE)/include/
	for p in $(LIBFCGI_PATCHES); do patch -p1 -s -d $(LIBFCGI_TREE) < $$p || exit 1; done
	touch $@

$(LIBFCGI_OBJ): $(BUILD)/libfcgi/%.o: $(BUILD)/libfcgi/.patched
	$(CC) $(LIBFCGI_CFLAGS) -I$(LIBFCGI_TREE)/include -c -o $@ $(LIBFCGI_TREE)/libfcgi/$*.c

$(BUILD)/libfcgi/libfcgi.a: $(LIBFCGI_OBJ)
	ar rcs $@ $^

FORCE:

# Every job's packages; `make test`, `run`, `bench`, `fuzz` and `deb` each
# install only their own (scripts/install-deps JOB).
deps:
	@scripts/install-deps all

server-binaries: $(BINARY) $(METRICS_PLUGIN)
test-binaries: server-binaries $(BUILD)/unit_tests

# Everything CI runs: every suite against the normal build, then again
# against the AddressSanitizer + UndefinedBehaviorSanitizer build.
# Builds use every core; `make test JOBS=1` for a quiet machine's logs.
JOBS ?= $(shell nproc)

# The two builds run side by side, so that neither's last link leaves cores
# idle; each one's output is printed whole once both end. The sanitizer's
# unit test binary is linked last, from the test objects the release build
# compiled (TEST_BUILD). Debian's libfcgi source, which both read, is fetched first.
# Each phase's wall time is printed, so a slow run shows where it went.
test:
	@start=$$(date +%s); scripts/install-deps test; echo "make test: dependencies took $$(( $$(date +%s) - start )) s"
	$(MAKE) $(LIBFCGI_SOURCE)/source/.debian-version
	@mkdir -p build; start=$$(date +%s); \
	$(MAKE) -j$(JOBS) test-binaries sms_fcgi bench-smoke >build/test-release.log 2>&1 & release=$$!; \
	$(MAKE) -j$(JOBS) SANITIZE=1 server-binaries >build/test-sanitize.log 2>&1; sanitize=$$?; \
	wait $$release; release=$$?; \
	[ $$sanitize -ne 0 ] || { $(MAKE) SANITIZE=1 test-binaries >>build/test-sanitize.log 2>&1; sanitize=$$?; }; \
	cat build/test-release.log build/test-sanitize.log; \
	echo "make test: the builds took $$(( $$(date +%s) - start )) s"; \
	[ $$release -eq 0 ] && [ $$sanitize -eq 0 ]
	@start=$$(date +%s); tests/run build/release build/sanitize; rc=$$?; \
	echo "make test: the suites took $$(( $$(date +%s) - start )) s"; exit $$rc

# The fast loop while working: the unit and in-process handler tests under
# ASan + UBSan; no apt, no servers. One suite alone, against a build:
# `tests/run build/release tests/servers/nginx.sh`.
check:
	$(MAKE) -j$(JOBS) SANITIZE=1 build/sanitize/unit_tests
	build/sanitize/unit_tests --report_level=short

FUZZ_TARGETS := form cookie_header session twiml signature handler fastcgi_scan fcgi_peer liquid flow_load flow_answer flow_call
FUZZ_SECONDS ?= 60

$(BUILD)/%_fuzz: fuzz/%_fuzz.cpp $(BUILD)/libsms.a $(LIBFCGI_A)
	$(CXX) $(CPPFLAGS) -I$(BUILD)/embedded $(CXXFLAGS) -fsanitize=fuzzer -I/usr/include/libxml2 -o $@ $(filter-out %.inc,$^) -lxml2 $(LDLIBS)

# The shipped flows flow_answer_fuzz answers with, as C++ raw string
# literals: built in, so the target runs wherever its binary is.
EMBEDDED_FLOWS := $(patsubst %,$(BUILD)/embedded/%.inc,$(wildcard flows/*.json))
$(BUILD)/embedded/flows/%.json.inc: flows/%.json
	@mkdir -p $(@D)
	{ printf 'R"sms_flow_json('; cat $<; printf ')sms_flow_json"\n'; } > $@
$(BUILD)/flow_answer_fuzz: $(EMBEDDED_FLOWS)

fuzz-binaries: $(FUZZ_TARGETS:%=$(BUILD)/%_fuzz)

# Runs each fuzz target for FUZZ_SECONDS, from the seed corpus in fuzz/corpus;
# findings land in build/fuzz/findings/ and fail the run.
fuzz:
	@scripts/install-deps fuzz
	$(MAKE) FUZZ=1 fuzz-binaries
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t build/fuzz/findings; \
	  echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  build/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/findings/$$t- build/fuzz/corpus/$$t fuzz/corpus/$$t 2>&1 \
	    | grep -E '^(stat::number_of_executed_units|#[0-9]+ *DONE|==[0-9]+==ERROR|SUMMARY)' ; \
	  [ $${PIPESTATUS[0]} -eq 0 ] || { echo "fuzz: $$t found a problem (build/fuzz/findings/)"; exit 1; }; \
	done

# Shows fcgi_peer_fuzz finding the crash 01-bounded-param-lengths.patch fixes,
# in a build of Debian's source without our hardening patches (build/fuzz-unpatched),
# within 10 minutes.
fuzz-unpatched-demo:
	fuzz/unpatched-demo

# Benchmarks (bench/README-notes.md). `make bench` installs what is missing,
# builds the optimised configuration and runs bench/run: wrk against a
# private nginx and Apache, then the in-process benchmarks and callgrind.
# BENCH_SECONDS sets the length of each wrk run (default 10: about 6 minutes
# in all). `make bench-smoke` only checks that the benchmark tools build and run.
BENCH_BUILD ?= build/bench
BENCH_FIXTURE_OBJ := $(BUILD)/bench/fixtures.o
MICRO_OBJ := $(patsubst %.cpp,$(BUILD)/%.o,$(wildcard bench/micro/*.cpp))
BENCH_TOOLS := $(BUILD)/micro_bench $(BUILD)/handler_driver $(BUILD)/fixed_fcgi $(BUILD)/fixed_cgi

$(BUILD)/micro_bench: $(MICRO_OBJ) $(BENCH_FIXTURE_OBJ) $(BUILD)/libsms.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lbenchmark $(LDLIBS)

$(BUILD)/handler_driver: $(BUILD)/bench/handler_driver.o $(BENCH_FIXTURE_OBJ) $(BUILD)/libsms.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The reference programs in C: a fixed-reply FastCGI responder and CGI program.
$(BUILD)/fixed_%: bench/fixed_%.c $(LIBFCGI_A)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -pthread $(CPPFLAGS) -o $@ $^ $(LIBFCGI_LDLIBS)

bench-binaries: $(BINARY) $(METRICS_PLUGIN) $(BENCH_TOOLS)

bench:
	@scripts/install-deps bench
	$(MAKE) BENCH=1 BUILD=$(BENCH_BUILD) bench-binaries
	$(MAKE) BENCH=1 STATIC=1 BUILD=$(BENCH_BUILD)/static $(BENCH_BUILD)/static/sms_fcgi
	bench/run $(BENCH_BUILD)

bench-smoke: $(BENCH_TOOLS)
	bash -n bench/run && for f in bench/*.sh; do bash -n "$$f" || exit 1; done
	$(BUILD)/micro_bench --benchmark_min_time=0.001 --benchmark_format=csv 2>/dev/null | \
	  awk -F, 'NR > 1 && $$9 == "true" { print "bench-smoke: " $$1 ": " $$10; failed = 1 } END { exit failed }'
	$(BUILD)/handler_driver all 3

-include $(MICRO_OBJ:.o=.d) $(BENCH_FIXTURE_OBJ:.o=.d) $(BUILD)/bench/handler_driver.d

# `make run`: the webhook at http://127.0.0.1:8080/sms through a private
# nginx rendered from nginx.conf.example (deploy/run-local); Ctrl-C stops it.
run:
	@scripts/install-deps build
	$(MAKE) sms_fcgi
	deploy/run-local ./sms_fcgi

# The man page: man/sms_fcgi.1.in with the settings and version the binary
# prints (--help, --version), so that it lists what the program accepts.
$(BUILD)/sms_fcgi.1: $(BINARY) man/sms_fcgi.1.in scripts/render-settings
	scripts/render-settings man $(BINARY) man/sms_fcgi.1.in > $@.tmp && mv $@.tmp $@

$(BUILD)/sms_fcgi.1.gz: $(BUILD)/sms_fcgi.1
	gzip -9n < $< > $@

# The binary (stripped), its man page, the systemd units (pointing at it) and the
# deployment examples; PREFIX and DESTDIR as usual
# (`make install DESTDIR=pkg PREFIX=/usr`).
DOCDIR     ?= $(PREFIX)/share/doc/sms_fcgi
MANDIR     ?= $(PREFIX)/share/man
UNITDIR    ?= $(PREFIX)/lib/systemd/system
# The symbols are most of the binary's size; `make deb` passes INSTALL_STRIP=
# and lets dh_strip keep them in the debug symbols package.
INSTALL_STRIP ?= -s
# docs/bench.png, docs/survey-flow.svg: the pictures README.md shows, at the path its link names.
DEPLOY_DOCS := README.md docs/bench.png docs/survey-flow.svg nginx.conf.example deploy/render-nginx-conf \
               deploy/apache/cgi/.htaccess deploy/apache/fcgid/.htaccess deploy/apache/fcgid/sms.fcgi

install: $(BINARY) $(METRICS_PLUGIN) $(BUILD)/sms_fcgi.1.gz
	install -D $(INSTALL_STRIP) -m 0755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/sms_fcgi
	$(if $(METRICS_PLUGIN),install -D -m 0644 $(METRICS_PLUGIN) $(DESTDIR)$(PREFIX)/lib/sms_fcgi/sms_fcgi-metrics.so)
	install -D -m 0644 $(BUILD)/sms_fcgi.1.gz $(DESTDIR)$(MANDIR)/man1/sms_fcgi.1.gz
	for f in $(DEPLOY_DOCS); do install -D -m $$([ -x $$f ] && echo 0755 || echo 0644) $$f $(DESTDIR)$(DOCDIR)/$$f; done
	for u in sms_fcgi.socket sms_fcgi.service; do \
	  sed 's|@BINDIR@|$(PREFIX)/bin|g' deploy/systemd/$$u | install -D -m 0644 /dev/stdin $(DESTDIR)$(UNITDIR)/$$u; \
	done

# `make deb`: build/deb/sms-fcgi_VERSION_ARCH.deb, built by dpkg-buildpackage
# in a copy of the tree (build/deb/sms-fcgi-VERSION/) whose debian/ is
# deploy/debian/ and a changelog written here; Debian's libfcgi source,
# fetched once, goes along. VERSION defaults to the program's (--version);
# `make deb VERSION=0.1.1` packages the same program as another version.
# `make deb-test` installs, serves, upgrades and purges it in a fresh Debian
# 12 chroot (root; tests/package/fresh_chroot.sh). README: "Debian package".
VERSION   ?= $(shell sed -n 's/^constexpr std::string_view kVersion = "\(.*\)";$$/\1/p' sms_fcgi.cpp)
DEB_STAGE := build/deb/sms-fcgi-$(VERSION)

deb:
	@scripts/install-deps package
	$(MAKE) $(LIBFCGI_SOURCE)/source/.debian-version
	@[ -n "$(VERSION)" ] || { echo "make deb: no version in sms_fcgi.cpp's kVersion" >&2; exit 1; }
	rm -rf $(DEB_STAGE) && mkdir -p $(DEB_STAGE)/$(LIBFCGI_SOURCE)
	git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - | tar -C $(DEB_STAGE) -xf -
	cp -a $(LIBFCGI_SOURCE)/installed-version $(LIBFCGI_SOURCE)/source $(DEB_STAGE)/$(LIBFCGI_SOURCE)/
	cp -r deploy/debian $(DEB_STAGE)/debian
	printf '%s\n' "sms-fcgi ($(VERSION)) bookworm; urgency=medium" "" \
	  "  * Package of $$(git describe --always --dirty)." "" \
	  " -- $$(sed -n 's/^Maintainer: //p' deploy/debian/control)  $$(git log -1 --format=%cD)" > $(DEB_STAGE)/debian/changelog
	cd $(DEB_STAGE) && dpkg-buildpackage --build=binary --no-sign -j2
	@ls build/deb/sms-fcgi_$(VERSION)_*.deb

deb-test:
	$(MAKE) deb
	$(MAKE) deb VERSION=$(VERSION)+upgrade1 DEB_BUILD_OPTIONS=nocheck
	tests/package/fresh_chroot.sh build/deb/sms-fcgi_$(VERSION)_*.deb build/deb/sms-fcgi_$(VERSION)+upgrade1_*.deb

# Regenerates the expected TwiML from the official twilio npm package.
vectors:
	cd tests/twiml/vectors && npm ci --silent && node gen_vectors.js

# Regenerates the expected Liquid renderings from the liquidjs npm package.
# The README's picture of flows/survey.json, drawn from `sms_fcgi flow dot` by graphviz.
docs: docs/survey-flow.svg
docs/survey-flow.svg: flows/survey.json $(BINARY)
	$(BINARY) flow dot $< | dot -Tsvg -o $@

liquid-vectors:
	cd tests/liquid/vectors && npm ci --silent && node gen_vectors.js

clean:
	rm -rf build sms_fcgi sms_fcgi-metrics.so
