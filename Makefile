# parley: the two commands a user needs are `make demo` and `make check`.
# Everything else here is for developers.

BUILD_DIR ?= build
FUZZ_DIR ?= build-fuzz
SANITIZE_DIR ?= build-sanitize
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 30
PARLEY := $(BUILD_DIR)/parley

.PHONY: all deps configure build demo check test bench fuzz sanitize format tidy clean

all: build

# Package installation and build output go to $(LOG); each step prints one line, and a
# failing step the last lines of the log and its path.
LOG ?= $(BUILD_DIR).log
STEP := bash scripts/step.sh

deps:
	@$(STEP) "installing missing packages (apt-get)" $(LOG) bash scripts/install-deps.sh

configure: deps
	@$(STEP) "configuring ($(BUILD_DIR))" $(LOG) cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	@$(STEP) "building parley, its tests and the Python module" $(LOG) cmake --build $(BUILD_DIR) -j $(JOBS)

# Runs the flagship scenario (the 2017 US-China-North Korea bargain) with every model, prints
# its one-page brief, then writes its HTML report (one file, opens offline in any browser).
DEMO_REPORT := $(BUILD_DIR)/korea-2017-report.html
demo: build
	@echo "== parley run examples/korea-2017.yaml"
	@$(PARLEY) run examples/korea-2017.yaml
	@echo
	@echo "== parley brief examples/korea-2017.yaml"
	@$(PARLEY) brief examples/korea-2017.yaml
	@echo
	@echo "== parley report examples/korea-2017.yaml --runs 2000 -o $(DEMO_REPORT)"
	@$(PARLEY) report examples/korea-2017.yaml --runs 2000 -o $(DEMO_REPORT)
	@echo "report: $(abspath $(DEMO_REPORT))"

# The whole test suite through ctest (its summary on screen, every test's output in the log).
check: build
	@echo "testing (ctest -j $(JOBS)); output in $(LOG)"
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) > $(abspath $(LOG)).ctest 2>&1; status=$$?; \
	  cat $(abspath $(LOG)).ctest >> $(abspath $(LOG)); grep -E "tests passed|tests failed|^\s+[0-9]+ - .*(Failed|Timeout|Exception)|Total Test time" $(abspath $(LOG)).ctest; \
	  if [ $$status -ne 0 ]; then grep -B2 -A40 -E "\*\*\*Failed|\(Failed\)|Timeout" $(abspath $(LOG)).ctest | tail -120; echo "the whole log: $(LOG)"; fi; \
	  rm -f $(abspath $(LOG)).ctest; exit $$status

test: check

bench: build
	@$(BUILD_DIR)/bench/parley_bench

# libFuzzer targets, one per reader, built with clang in a separate tree; each runs
# FUZZ_SECONDS seconds from its seed corpus (tests/fuzz/corpus/<reader>). The YAML seeds
# include the examples with their comments stripped (example-*.yaml): the commented files
# themselves, 7-28 KB each, made the YAML target several times slower than the others.
fuzz:
	@bash scripts/install-deps.sh --fuzz
	@cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DPARLEY_FUZZ=ON -DPARLEY_TESTS=OFF > $(FUZZ_DIR).configure.log 2>&1 \
	  || (cat $(FUZZ_DIR).configure.log; exit 1)
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_yaml fuzz_json fuzz_csv fuzz_decide fuzz_ktab fuzz_trade fuzz_deu
	@for reader in yaml json csv decide ktab trade deu; do \
	  echo "== fuzz_$$reader ($(FUZZ_SECONDS) s)"; \
	  mkdir -p $(FUZZ_DIR)/corpus/$$reader; \
	  $(FUZZ_DIR)/fuzz_$$reader -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 \
	    $(FUZZ_DIR)/corpus/$$reader tests/fuzz/corpus/$$reader || exit 1; \
	done

# The whole suite again, everything built with AddressSanitizer and UBSan in a separate tree
# (-DPARLEY_SANITIZE=ON; -O1 -g); any report fails its test. The only suppressions are
# OpenMPI's own leaks (tests/sanitizers/lsan.supp); the Python tests preload ASan's run time
# into /usr/bin/python3 (set up in the tree's ctest files).
SANITIZE_ENV := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions=$(abspath tests/sanitizers/lsan.supp):print_suppressions=0
sanitize: LOG = $(SANITIZE_DIR).log
sanitize: deps
	@$(STEP) "configuring with ASan and UBSan ($(SANITIZE_DIR))" $(LOG) cmake -S . -B $(SANITIZE_DIR) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g -DNDEBUG" \
	  -DPARLEY_SANITIZE=ON -DPARLEY_BENCH=OFF
	@$(STEP) "building parley, its tests and the Python module with ASan and UBSan" $(LOG) \
	  env $(SANITIZE_ENV) cmake --build $(SANITIZE_DIR) -j $(JOBS)
	@echo "testing under the sanitizers (ctest -j $(JOBS)); output in $(LOG)"
	@cd $(SANITIZE_DIR) && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS) > $(abspath $(LOG)).ctest 2>&1; status=$$?; \
	  cat $(abspath $(LOG)).ctest >> $(abspath $(LOG)); grep -E "tests passed|tests failed|^\s+[0-9]+ - .*(Failed|Timeout|Exception)|Total Test time" $(abspath $(LOG)).ctest; \
	  if [ $$status -ne 0 ]; then grep -B2 -A40 -E "\*\*\*Failed|\(Failed\)|Timeout|ERROR: (Address|Leak)Sanitizer|runtime error:" $(abspath $(LOG)).ctest | tail -120; echo "the whole log: $(LOG)"; fi; \
	  rm -f $(abspath $(LOG)).ctest; exit $$status

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

tidy: configure
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON > /dev/null
	@clang-tidy -p $(BUILD_DIR) $$(git ls-files 'src/*.cc' 'apps/*.cc')

clean:
	@rm -rf $(BUILD_DIR) $(FUZZ_DIR) $(SANITIZE_DIR) $(BUILD_DIR).configure.log $(FUZZ_DIR).configure.log \
	  $(SANITIZE_DIR).log
