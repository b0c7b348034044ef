# znpf - one Makefile. The physics in kernels/ is compiled twice: gcc -fopenmp (cpu_*) and,
# when nvcc is found, nvcc -x cu (cuda_*). The host picks a backend at run time.
#
# Targets: all (default), run, test, test-gpu, bench, samples, clean
# Knobs:   DEBUG=1 (sanitizers, -O0), WERROR=1 (warnings are errors, set by CI),
#          CUDA_ARCH=sm_90 (Hopper; use 'native' on a machine with a GPU), NVCC=path, NOCUDA=1

CC       ?= gcc
NVCC     ?= $(shell command -v nvcc 2>/dev/null || ls /usr/local/cuda/bin/nvcc 2>/dev/null)
CUDA_ARCH ?= sm_90
CUDA_HOME ?= $(patsubst %/bin/nvcc,%,$(NVCC))

ifeq ($(NOCUDA),1)
NVCC :=
endif

CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Wshadow -Wno-unknown-pragmas
SAN      := -fsanitize=address,undefined
ifeq ($(DEBUG),1)
OPT      := -O0 -g $(SAN) -fno-omit-frame-pointer
LDSAN    := $(SAN)
KOPT     := $(OPT)
else
OPT      := -O2 -g
# the CPU kernels at -O3: gcc then vectorises the per-cell loops (the smoother's pair 2.5x
# faster at 512^2); no -ffast-math, so the results stay bit for bit those of -O2
# (docs/benchmarks.md)
KOPT     := -O3 -g
LDSAN    :=
endif
ifeq ($(WERROR),1)
WARN     += -Werror
endif
# host/ is split by part; each part's folder is on the include path
HOST_INC := -Ihost/engine -Ihost/scenario -Ihost/output -Ihost/cli
CFLAGS   := $(CSTD) $(OPT) $(WARN) -fopenmp -MMD -MP -Ikernels $(HOST_INC)
LDLIBS   := -lyaml -lpng -lfftw3_omp -lfftw3 -lz -lm
LDFLAGS  := -fopenmp $(LDSAN)

# nvcc: warnings are always errors for the CUDA build (the brief asks for -Werror there).
# per-thread default stream: it can be captured into a CUDA graph (the legacy one cannot).
NVFLAGS  := -O3 -std=c++17 -arch=$(CUDA_ARCH) -Ikernels -Werror all-warnings \
            --default-stream per-thread \
            -Xcompiler -Wall,-Wextra,-Werror,-Wno-unknown-pragmas -MMD -MP

.DELETE_ON_ERROR:
.PHONY: all run test test-gpu bench study fuzz samples samples-texture samples-dendrites samples-ensembles clean deps info docs

PHYSICS  := mg_ops transport phasefield diagnostics labels grains her zhs backend
HOST_SRC := $(filter-out host/cli/znpf.c,$(wildcard host/*/*.c))

CPU_OBJ  := $(PHYSICS:%=build/cpu/%.o) build/cpu/px_cpu.o
HOST_OBJ := $(HOST_SRC:host/%.c=build/host/%.o)

ifneq ($(NVCC),)
CUDA_OBJ := $(PHYSICS:%=build/cuda/%.o) build/cuda/px_cuda.o
CUDA_LIB := -L$(CUDA_HOME)/lib64 -Wl,-rpath,$(CUDA_HOME)/lib64 -lcufft -lcudart -lstdc++
BACKENDS := cpu+cuda
else
CUDA_OBJ := build/cpu/px_nocuda.o
CUDA_LIB :=
BACKENDS := cpu
endif

ENGINE   := $(CPU_OBJ) $(CUDA_OBJ) $(HOST_OBJ)
TESTS    := $(patsubst tests/%.c,build/tests/%,$(wildcard tests/test_*.c))
BENCHES  := build/bench_engine

all: info build/znpf $(TESTS) $(BENCHES)

info:
ifneq ($(NVCC),)
	@echo "znpf: nvcc found at $(NVCC): building the CPU and CUDA ($(CUDA_ARCH)) backends"
else
	@echo "znpf: nvcc not found: CPU build only"
endif

build/cpu/%.o: kernels/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KOPT) -c $< -o $@

build/cuda/%.o: kernels/%.c
	@mkdir -p $(@D)
	$(NVCC) $(NVFLAGS) -x cu -c $< -o $@

build/cuda/px_cuda.o: kernels/px_cuda.cu
	@mkdir -p $(@D)
	$(NVCC) $(NVFLAGS) -c $< -o $@

build/host/%.o: host/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

build/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests -c $< -o $@

build/znpf: build/host/znpf_main.o $(ENGINE)
	$(CC) $(LDFLAGS) $^ -o $@ $(CUDA_LIB) $(LDLIBS)

build/host/znpf_main.o: host/cli/znpf.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

build/tests/test_%: build/tests/test_%.o build/tests/check.o $(ENGINE)
	$(CC) $(LDFLAGS) $^ -o $@ $(CUDA_LIB) $(LDLIBS)

build/tests/check.o: tests/check.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests -c $< -o $@

build/bench_engine: build/tests/bench_engine.o $(ENGINE)
	$(CC) $(LDFLAGS) $^ -o $@ $(CUDA_LIB) $(LDLIBS)

build/study_numerics: build/tests/study_numerics.o $(ENGINE)
	$(CC) $(LDFLAGS) $^ -o $@ $(CUDA_LIB) $(LDLIBS)

build/tests/study_numerics.o: tests/study_numerics.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests -c $< -o $@

build/tests/bench_engine.o: tests/bench_engine.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests -c $< -o $@

deps:
	@bash scripts/setup

# The bundled scenario: a few seconds of dendritic plating on 2 cores.
run: deps
	$(MAKE) all
	./build/znpf run configs/plating_bumps.yaml --out out/plating_bumps --force

test: deps
	$(MAKE) all
	@bash tests/run_all.sh $(TESTS) tests/movie_check.sh tests/compare_check.sh tests/sweep_check.sh tests/width_study_check.sh tests/notes_check.sh tests/protocol_check.sh tests/schema_check.sh tests/harness_check.sh tests/core_share_check.sh tests/python_check.sh tests/demo_check.sh tests/fuzz/check_fuzz.sh

# On a machine with a GPU: CPU vs CUDA fields, and the CUDA labelling against the serial
# reference on random and adversarial patterns.
test-gpu: all
	@ZNPF_REQUIRE_GPU=1 bash tests/run_all.sh $(filter %test_cpu_vs_cuda,$(TESTS))
	@ZNPF_REQUIRE_GPU=1 ZNPF_TEST_BACKEND=cuda bash tests/run_all.sh $(filter %test_labels,$(TESTS))

bench: all
	./build/bench_engine

# libFuzzer campaign on the scenario loader (clang with its fuzzer runtime, from
# libclang-rt-14-dev); FUZZ_SECONDS long, corpus in tests/fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_SRC := tests/fuzz/fuzz_scenario.c host/scenario/scenario.c host/scenario/scenario_keys.c \
            host/scenario/scenario_schema.c \
            host/scenario/yaml_tree.c host/scenario/units.c host/scenario/physics.c host/scenario/scenario_checks.c
build/fuzz_scenario: $(FUZZ_SRC)
	@mkdir -p $(@D)
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -Ikernels $(HOST_INC) $(FUZZ_SRC) -o $@ -lyaml -lm

fuzz: build/fuzz_scenario
	@mkdir -p build/fuzz-corpus
	./build/fuzz_scenario -seed=1 -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 \
	    -max_len=4096 build/fuzz-corpus tests/fuzz/corpus

# samples/: real frames and a GIF of plating, rest and stripping (needs ffmpeg for the GIF).
samples: all
	./build/znpf run configs/plate_strip_movie.yaml --out out/plate_strip_movie --force --quiet
	scripts/make-movie out/plate_strip_movie --fps 6 --name plate_strip
	mkdir -p samples
	cp out/plate_strip_movie/plate_strip.gif samples/
	cp out/plate_strip_movie/frames/frame_00018.png samples/after_plating.png
	cp out/plate_strip_movie/frames/frame_00000.png samples/start.png
	cp out/plate_strip_movie/frames/$$(ls out/plate_strip_movie/frames | tail -1) samples/after_stripping.png
	cp out/plate_strip_movie/metrics.csv samples/plate_strip_metrics.csv
	scripts/compare configs/texture_002_foil.yaml configs/plating_bumps.yaml configs/texture_100_foil.yaml \
	    --out out/compare_textures --set output.frame_scale=2
	cp out/compare_textures/montage.png samples/compare_textures.png
	cp out/compare_textures/summary.md samples/compare_textures.md
	cp out/compare_textures/plots.png samples/compare_textures_plots.png
	./build/znpf run configs/dead_zn_strip.yaml --out out/dead_zn --force --quiet
	cp out/dead_zn/frames/frame_00008.png samples/dead_zn_detaching.png
	cp out/dead_zn/frames/$$(ls out/dead_zn/frames | tail -1) samples/dead_zn_left.png
	cp out/dead_zn/cycles.csv samples/dead_zn_cycles.csv
	./build/znpf run configs/dead_zn_cycle.yaml --out out/dead_zn_cycle --force --quiet
	scripts/make-movie out/dead_zn_cycle --fps 6 --name dead_zn_cycle
	cp out/dead_zn_cycle/dead_zn_cycle.gif samples/
	cp out/dead_zn_cycle/frames/frame_00034.png samples/dead_zn_cycle_feet.png
	cp out/dead_zn_cycle/frames/$$(ls out/dead_zn_cycle/frames | tail -1) samples/dead_zn_cycle_dead.png
	cp out/dead_zn_cycle/cycles.csv samples/dead_zn_cycle_cycles.csv
	python3 python/examples/plot_split.py out/dead_zn_cycle --out samples/dead_zn_cycle_split.png
	./build/znpf run configs/dead_zn_zhs_cycle.yaml --out out/dead_zn_zhs_cycle --force --quiet
	cp out/dead_zn_zhs_cycle/frames/frame_00024.png samples/dead_zn_zhs_cycle_plating.png
	cp out/dead_zn_zhs_cycle/frames/$$(ls out/dead_zn_zhs_cycle/frames | tail -1) samples/dead_zn_zhs_cycle_end.png
	cp out/dead_zn_zhs_cycle/cycles.csv samples/dead_zn_zhs_cycle_cycles.csv
	python3 python/examples/plot_split.py out/dead_zn_zhs_cycle --out samples/dead_zn_zhs_cycle_split.png
	scripts/compare configs/additives/bare_2M_ZnSO4_cu_her.yaml configs/additives/edta_hydrogen_bond.yaml \
	    --out out/compare_her_edta
	cp out/compare_her_edta/summary.md samples/compare_her_edta.md
	cp out/compare_her_edta/montage.png samples/compare_her_edta.png
	cp out/compare_her_edta/plots.png samples/compare_her_edta_plots.png
	python3 python/examples/plot_split.py out/compare_her_edta/bare_2M_ZnSO4_cu_her \
	    out/compare_her_edta/edta_hydrogen_bond --out samples/compare_her_edta_split.png
	scripts/compare configs/additives/bare_2M_ZnSO4_cu_her.yaml configs/additives/ampa_ph_buffer.yaml \
	    --out out/compare_her_ampa
	cp out/compare_her_ampa/summary.md samples/compare_her_ampa.md
	python3 python/examples/plot_split.py out/compare_her_ampa/bare_2M_ZnSO4_cu_her \
	    out/compare_her_ampa/ampa_ph_buffer --out samples/compare_her_ampa_split.png
	scripts/compare configs/additives/bare_2M_ZnSO4_cu_her.yaml configs/additives/fec_sei.yaml \
	    --out out/compare_her_fec
	cp out/compare_her_fec/summary.md samples/compare_her_fec.md
	python3 python/examples/plot_split.py out/compare_her_fec/bare_2M_ZnSO4_cu_her \
	    out/compare_her_fec/fec_sei --out samples/compare_her_fec_split.png
	$(MAKE) samples-texture
	$(MAKE) samples-dendrites

# samples/ for the dendrite scenarios and the morphology map (docs/validation.md; ~20 minutes).
samples-dendrites: all
	mkdir -p samples
	for s in dendrites_zn_cu dendrites_zn_foil; do \
	    ./build/znpf run configs/$$s.yaml --out out/$$s --force --quiet && \
	    scripts/make-movie out/$$s --fps 8 --name $$s && cp out/$$s/$$s.gif samples/ && \
	    cp out/$$s/frames/$$(ls out/$$s/frames | tail -1) samples/$$s.png && \
	    cp out/$$s/metrics.csv samples/$$s.csv || exit 1; \
	done
	scripts/sweep configs/dendrites_zn_cu.yaml --out out/sweep_zn_cu \
	    --x "protocol.steps.0.current=10,20,40 mA/cm^2" --y "electrolyte.concentration=0.1,0.2,0.5,2 M" \
	    --set grid.nx=128 --set grid.ny=80 --set protocol.steps.0.capacity="1 mAh/cm^2" --set her.alpha=0.5
	cp out/sweep_zn_cu/map.png samples/morphology_map_zn_cu.png
	cp out/sweep_zn_cu/sweep.csv samples/morphology_map_zn_cu.csv

# samples/ for the runs over nucleation seeds that docs/validation.md section 5 quotes: the
# dead-Zn cycle over seeds 1-4, and the bare, hydrogen-bond and pH-buffer presets over 1-6
# (`scripts/compare --seeds`; ~10 minutes on 2 cores).
samples-ensembles: all
	mkdir -p samples
	scripts/compare configs/dead_zn_cycle.yaml --seeds 4 --out out/ensemble_dead_zn_cycle
	cp out/ensemble_dead_zn_cycle/ensemble.csv samples/ensemble_dead_zn_cycle.csv
	cp out/ensemble_dead_zn_cycle/summary.md samples/ensemble_dead_zn_cycle.md
	scripts/compare configs/additives/bare_2M_ZnSO4_cu_her.yaml configs/additives/edta_hydrogen_bond.yaml \
	    configs/additives/ampa_ph_buffer.yaml --seeds 6 --out out/ensemble_additives
	cp out/ensemble_additives/ensemble.csv samples/ensemble_additives.csv
	cp out/ensemble_additives/summary.md samples/ensemble_additives.md
	scripts/compare configs/additives/bare_2M_ZnSO4_cu_her.yaml configs/additives/fec_sei.yaml \
	    --seeds 6 --out out/ensemble_fec_sei
	cp out/ensemble_fec_sei/ensemble.csv samples/ensemble_fec_sei.csv
	cp out/ensemble_fec_sei/summary.md samples/ensemble_fec_sei.md

# samples/ for texture and nucleation (docs/validation.md).
samples-texture: all
	mkdir -p samples
	scripts/compare configs/validation/nuclei_002_on_cu.yaml configs/validation/nuclei_101_on_cu.yaml \
	    --out out/compare_nuclei --set output.frame_metal=orientation
	cp out/compare_nuclei/montage.png samples/compare_nuclei_texture.png
	cp out/compare_nuclei/summary.md samples/compare_nuclei_texture.md
	scripts/compare configs/additives/bare_2M_ZnSO4_cu.yaml configs/additives/la_nitrate_zincophilic.yaml \
	    --out out/compare_la --set output.frame_metal=orientation
	cp out/compare_la/montage.png samples/compare_la_vs_bare_cu.png
	cp out/compare_la/summary.md samples/compare_la_vs_bare_cu.md
	scripts/compare configs/validation/foil_002_nuclei.yaml configs/validation/foil_101_nuclei.yaml \
	    --out out/compare_foils --set output.frame_metal=orientation
	cp out/compare_foils/montage.png samples/compare_foils_texture.png
	cp out/compare_foils/summary.md samples/compare_foils_texture.md
	./build/znpf run configs/polycrystal_foil.yaml --out out/polycrystal --force --quiet
	cp out/polycrystal/frames/$$(ls out/polycrystal/frames | tail -1) samples/polycrystal_foil.png

# The measurements behind docs/numerics.md (minutes).
study: all build/study_numerics
	./build/study_numerics

# docs/scenarios.md's key table, generated from the scenario schema (host/scenario/scenario_keys.c)
docs: build/znpf
	bash scripts/docs-keys

clean:
	rm -rf build out

-include $(shell find build -name '*.d' 2>/dev/null)
