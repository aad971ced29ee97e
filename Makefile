# The two set-up commands of the README. Each installs what is missing, builds and runs.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test bench deps build-release build-debug format clean

deps:
	@bash packaging/install-deps.sh

build-release: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

build-debug: deps
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

# Starts the GUI on the bundled default project (or the last project opened).
run: build-release
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ]; then ./build/release/app/sift || true; \
	else ./build/release/app/sift $(ARGS); fi

# Debug build with ASan+UBSan and -Werror; every test through ctest.
test: build-debug
	ctest --preset debug -j $(JOBS)

# Release build of the benchmarks; each prints its figures (docs/benchmarks.md).
bench: deps
	cmake --preset bench >/dev/null
	cmake --build --preset bench -j $(JOBS) --target bench_llm bench_engine
	./build/bench/tests/bench_llm
	./build/bench/tests/bench_engine

format:
	cmake --build --preset debug --target format

clean:
	rm -rf build
