#!/usr/bin/env bash
# The run's start-up notes: a scenario with nuclei at the default relax_dt is told that its
# facet shares are not converged there (docs/validation.md, section 3); at 0.025 it is not; with
# the second-order step the same holds for dxi_max above 0.0125.
cd "$(dirname "$0")/.."
out=${ZNPF_TEST_TMP:-/tmp}/znpf_notes_check
cfg=configs/validation/nuclei_002_on_cu.yaml
for rdt in 0.05 0.025; do
    ./build/znpf run $cfg --set numerics.time_scheme=euler --set numerics.relax_dt=$rdt --stop-after-steps 1 --out $out --force \
        > $out.log 2>&1
    rc=$?
    [ $rc -eq 130 ] || { cat $out.log; echo "FAIL notes: run with relax_dt $rdt exited $rc"; continue; }
    if grep -q "numerics.relax_dt = 0.05: the facet_\* shares .* converged only at 0.025 or less" $out.log; then said=1; else said=0; fi
    want=$([ $rdt = 0.05 ] && echo 1 || echo 0)
    [ $said = $want ] && echo "PASS notes: relax_dt $rdt: convergence note shown = $said" \
                      || { cat $out.log; echo "FAIL notes: relax_dt $rdt: convergence note shown = $said, want $want"; }
done
# with the second-order step (the default) the bound that matters is dxi_max: its own default
# 0.0125 is quiet, 0.05 is told
for dxi in 0.05 0.0125; do
    ./build/znpf run $cfg --set numerics.time_scheme=sbdf2 --set numerics.dxi_max=$dxi --stop-after-steps 1 \
        --out $out --force > $out.log 2>&1
    rc=$?
    [ $rc -eq 130 ] || { cat $out.log; echo "FAIL notes: sbdf2 run with dxi_max $dxi exited $rc"; continue; }
    if grep -q "numerics.dxi_max = 0.05: with the second-order step the facet_\* shares .* converged only at 0.0125 or less" $out.log; then said=1; else said=0; fi
    if grep -q "converged only at 0.025" $out.log; then said=2; fi
    want=$([ $dxi = 0.05 ] && echo 1 || echo 0)
    [ $said = $want ] && echo "PASS notes: sbdf2, dxi_max $dxi: convergence note shown = $said" \
                      || { cat $out.log; echo "FAIL notes: sbdf2, dxi_max $dxi: convergence note shown = $said, want $want"; }
done

# Plating above the flat-deposit limiting current is announced at the start: this scenario
# plates 10 mA/cm^2 under about 3.1 um of electrolyte, whose limit is about 7600 mA/cm^2 in 2 M
# and 3.8 mA/cm^2 in 0.001 M.
cfg=configs/ci/plate_strip_short.yaml
for conc in 2 0.001; do
    ./build/znpf run $cfg --set electrolyte.concentration="$conc M" --stop-after-steps 1 --out $out \
        --force > $out.log 2>&1
    if grep -q "above the limiting current of a flat deposit" $out.log; then said=1; else said=0; fi
    want=$([ $conc = 2 ] && echo 0 || echo 1)
    [ $said = $want ] && echo "PASS notes: $conc M: limiting-current warning shown = $said" \
                      || { cat $out.log; echo "FAIL notes: $conc M: limiting-current warning shown = $said, want $want"; }
done

# Another concentration than 2 M without its own conductivity and diffusivity is told that it
# keeps 2 M's; with a property table it is not.
mkdir -p $out.d
cat > $out.d/table.yaml <<EOF
base: $PWD/configs/ci/plate_strip_short.yaml
electrolyte:
  properties:
    - {concentration: 0.1 M, conductivity: 1.0 S/m, diffusivity: 6e-10 m^2/s}
    - {concentration: 2 M, conductivity: 4.64 S/m, diffusivity: 3.7e-10 m^2/s}
EOF
for case in "2 M" "0.2 M" "0.2 M table"; do
    cfg=configs/ci/plate_strip_short.yaml
    [ "$case" = "0.2 M table" ] && cfg=$out.d/table.yaml
    ./build/znpf run $cfg --set electrolyte.concentration="${case% table}" --stop-after-steps 1 --out $out \
        --force > $out.log 2>&1
    rc=$?
    [ $rc -eq 130 ] || { cat $out.log; echo "FAIL notes: $case: run exited $rc"; continue; }
    if grep -q "keeps the conductivity (4.64 S/m) and diffusivity (3.7e-10 m^2/s) of 2 M ZnSO4" $out.log; then said=1; else said=0; fi
    want=$([ "$case" = "0.2 M" ] && echo 1 || echo 0)
    [ $said = $want ] && echo "PASS notes: $case: 2 M properties note shown = $said" \
                      || { cat $out.log; echo "FAIL notes: $case: 2 M properties note shown = $said, want $want"; }
done

# The progress line on a terminal (run under script(1), which gives it one): protocol step,
# charge, potential, steps per second, and the time left in the step and in the run.
if command -v script > /dev/null; then
    script -qec "./build/znpf run configs/ci/plate_strip_short.yaml --out $out --force --set numerics.dt_max=0.05" \
        /dev/null < /dev/null > $out.log 2>&1
    line=$(tr '\r' '\n' < $out.log | grep '^\[cycle' | tail -1)
    if grep -Eq '^\[cycle 1/1 step [0-9]/3 [a-z]+ +[0-9]+%\] t = [0-9.e+-]+ s  charge [0-9.-]+ mAh/cm\^2  E = [0-9.-]+ V  [0-9.]+ steps/s  step ends in ~[0-9]+ s, run in ~[0-9]+ s' <<<"$line"; then
        echo "PASS notes: progress line: $line"
    else
        echo "FAIL notes: progress line not as documented: '$line'"
    fi
else
    echo "FAIL notes: script(1) missing (util-linux): the progress line cannot be checked"
fi

# A grid the machine cannot hold is refused at validation, saying what it needs and what the
# machine has (65536^2 cells: about 780 GB), instead of "out of memory" after start-up.
msg=$(./build/znpf validate configs/plating_bumps.yaml --set grid.nx=65536 --set grid.ny=65536 --set backend=cpu 2>&1)
rc=$?
if [ $rc -eq 2 ] && grep -Eq 'grid: 65536 x 65536 cells need about [0-9.]+ GB .* this machine has [0-9.]+ GB of memory' <<<"$msg" \
   && [ "$(wc -l <<<"$msg")" -eq 1 ]; then
    echo "PASS notes: an oversized grid is refused at validation: $msg"
else
    echo "FAIL notes: an oversized grid: rc $rc, '$msg'"
fi
