# sms_fcgi: `make` builds ./sms_fcgi; `make test` installs what is missing,
# builds and runs every test; `make run` serves it behind a private nginx.
# SANITIZE=1 builds and tests under AddressSanitizer + UndefinedBehaviorSanitizer.

CXX      ?= g++
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++20 -Wall -Wextra -Werror -pthread
CPPFLAGS += -I.
LDLIBS   += -lfcgi -lcrypto -pthread
PREFIX   ?= /usr/local
DESTDIR  ?=

ifeq ($(SANITIZE),1)
BUILD    ?= build/sanitize
CXXFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
else
BUILD    ?= build/release
endif

ifeq ($(STATIC),1)
LDFLAGS  += -static
endif

LIB_SRC := $(wildcard request/*.cpp session/*.cpp crypto/*.cpp signature/*.cpp twiml/*.cpp conversation/*.cpp handler/*.cpp config/*.cpp)
LIB_OBJ := $(LIB_SRC:%.cpp=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/*.cpp tests/*/*.cpp)
TEST_OBJ := $(TEST_SRC:%.cpp=$(BUILD)/%.o)

.PHONY: all deps test unit-test process-test run clean install vectors

all: sms_fcgi

# Every build lives in its own directory (BUILD=...), so several can coexist;
# the default one is also copied to ./sms_fcgi, where users expect it.
BINARY := $(BUILD)/sms_fcgi

sms_fcgi: $(BINARY)
	cp $< $@

$(BINARY): $(BUILD)/sms_fcgi.o $(BUILD)/libsms.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libsms.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/unit_tests: $(TEST_OBJ) $(BUILD)/libsms.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lboost_unit_test_framework $(LDLIBS)

$(TEST_OBJ): CPPFLAGS += -DBOOST_TEST_DYN_LINK

$(BUILD)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/sms_fcgi.d

deps:
	@scripts/install-deps

unit-test: $(BUILD)/unit_tests
	$(BUILD)/unit_tests --log_level=test_suite --report_level=short

process-test: $(BINARY)
	tests/run-process-tests $(BINARY)

# Everything CI runs: the normal build, then the same tests under sanitizers.
test: deps
	$(MAKE) unit-test process-test
	$(MAKE) SANITIZE=1 unit-test process-test
	@echo "all test suites passed"

install: sms_fcgi
	install -D -m 0755 sms_fcgi $(DESTDIR)$(PREFIX)/bin/sms_fcgi

# Regenerates the expected TwiML from the official twilio npm package.
vectors:
	cd tests/twiml/vectors && npm ci --silent && node gen_vectors.js

clean:
	rm -rf build sms_fcgi
