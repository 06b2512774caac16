# Thin wrapper over CMake. The real build is CMakeLists.txt.
#
#   make            build (build/dateline)
#   make run        ingest examples/ (INPUT=dir adds your own) into an
#                   event store, print the timeline, write report.html
#   make check      build and run every test
#   make asan       build and test under AddressSanitizer + UBSan (build-asan/)
#   make leakcheck  the tests under valgrind
#   make bench      speed benchmarks -> bench/RESULTS.md
#   make models     retrain the tagger and parser from ../shared/data/ud
#   make fuzz       build the libFuzzer harnesses (clang) and run each 60 s
#   make format     clang-format the sources
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-print-directory
BUILD ?= build
INPUT ?=

.PHONY: all deps build run check asan leakcheck bench models fuzz format clean

all: build

deps:
	@tools/install-deps.sh

# The build's own output goes to $(BUILD)/build.log; it is shown when the
# build fails.
build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }
	@echo "dateline: built $(BUILD)/dateline" >&2

# A fresh store each time, so it shows what this build codes.
DB ?= $(BUILD)/dateline.db
REPORT ?= report.html
run: build
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	@$(BUILD)/dateline ingest --db $(DB) examples/ $(INPUT) || test $$? = 1
	@$(BUILD)/dateline timeline --db $(DB)
	@$(BUILD)/dateline report --db $(DB) --out $(REPORT)
	@echo "dateline: events stored in $(DB); the report is $(abspath $(REPORT))"

check: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	@grep -h -E '^(seeds|seeds actors|en_[a-z]+-ud-[a-z]+\.conllu|external):|^PETR[._A-Za-z0-9]*\.xml:|^PLOVER[._A-Za-z]*:|^PolNeAR quotes|^ok   TBAQ|EWT test \(gold' $(BUILD)/Testing/Temporary/LastTest.log 2>/dev/null || true
	@grep -h -A1 'EWT test (gold' $(BUILD)/Testing/Temporary/LastTest.log 2>/dev/null | tail -1 || true

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Asan >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS)

leakcheck: build
	@cd $(BUILD) && ctest --output-on-failure -T memcheck

bench: build
	@bench/run.sh

models: build
	@tools/train-models.sh

fuzz: deps
	@cmake -S . -B build-fuzz -DDL_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_C_COMPILER=clang >/dev/null
	@cmake --build build-fuzz -j$(JOBS)
	@for f in build-fuzz/fuzz/fuzz-*; do mkdir -p fuzz/corpus-$$(basename $$f); \
	  $$f -max_total_time=60 -max_len=65536 fuzz/corpus-$$(basename $$f) examples/ || exit 1; done

format:
	@clang-format -i include/*.h src/*/*.c src/*/*.h tests/*.c

clean:
	rm -rf build build-asan build-fuzz
