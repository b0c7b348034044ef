#!/usr/bin/env bash
# The scenario schema at work (docs/architecture.md, "how to add a scenario key"):
# - docs/scenarios.md holds exactly the key table the build generates (znpf keys);
# - output.fields, the key added by following that recipe, writes the chosen fields only, the
#   final fields.vtk holds the same, znpf render still draws, and a bad name is refused with
#   file:line:col and the key.
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

if bash scripts/docs-keys --check > "$tmp/diff" 2>&1; then
    echo "PASS schema: docs/scenarios.md key table equals znpf keys ($(./build/znpf keys | tail -n +3 | wc -l) keys)"
else
    cat "$tmp/diff"; echo "FAIL schema: docs/scenarios.md key table differs from znpf keys (run scripts/docs-keys)"
fi

cat > "$tmp/fields.yaml" <<YAML
base: $PWD/configs/ci/plate_strip_short.yaml
output: {fields: [xi, phi]}
YAML
./build/znpf run "$tmp/fields.yaml" --out "$tmp/run" --force --quiet > "$tmp/log" 2>&1
rc=$?
have=""; for f in xi c phi; do [ -f "$tmp/run/$f.npy" ] && have="$have $f"; done
vtk=$(grep -ao '^SCALARS [a-z]*' "$tmp/run/fields.vtk" 2>/dev/null | awk '{print $2}' | tr '\n' ' ')
if [ $rc -eq 0 ] && [ "$have" = " xi phi" ] && [ "$vtk" = "xi phi " ]; then
    echo "PASS schema: output.fields [xi, phi] writes xi.npy, phi.npy and a vtk of xi, phi only"
else
    cat "$tmp/log"; echo "FAIL schema: output.fields [xi, phi]: rc $rc, npy:$have, vtk: $vtk"
fi
if ./build/znpf render "$tmp/run" > "$tmp/log" 2>&1 && [ -s "$tmp/run/frames_render/frame_00000.png" ]; then
    echo "PASS schema: znpf render draws a run written without c.npy"
else
    cat "$tmp/log"; echo "FAIL schema: znpf render of a run without c.npy"
fi
printf 'base: %s\noutput:\n  fields: [xi, salt]\n' "$PWD/configs/ci/plate_strip_short.yaml" > "$tmp/bad.yaml"
msg=$(./build/znpf validate "$tmp/bad.yaml" 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -q "bad.yaml:3:16: output.fields: expected a list of xi c phi" <<<"$msg"; then
    echo "PASS schema: an unknown field name is refused: $msg"
else
    echo "FAIL schema: an unknown field name: rc $rc, '$msg'"
fi

# Each dotted key's name is written once in the C sources: in the schema (scenario_keys.c, as
# section and key apart). Messages name keys through ZN_KEY (scenario_key_name), so a string
# literal holding "section.key" anywhere else is a second copy that can drift.
dups=""
for k in $(./build/znpf keys | tail -n +3 | awk -F'|' '{gsub(/[ `]/, "", $2); print $2}' | grep '\.'); do
    hits=$(grep -rnoE --include='*.c' --include='*.h' --include='*.cu' "\"[^\"]*\\b${k//./\\.}\\b[^\"]*\"" host kernels \
           | grep -v 'scenario_keys.c' | head -3)
    [ -n "$hits" ] && dups="$dups $k ($(echo "$hits" | head -1 | cut -d: -f1,2))"
done
nkeys=$(./build/znpf keys | tail -n +3 | grep -c '\.')
if [ -z "$dups" ]; then
    echo "PASS schema: no string literal outside the schema spells one of the $nkeys dotted key names"
else
    echo "FAIL schema: key names spelt outside the schema:$dups"
fi

# Every bundled scenario (configs/, the CI, validation and additive ones included) still reads
# against the schema: a key renamed or a range tightened must not strand one of them.
bad=""
n=0
for f in $(find configs -name '*.yaml' | sort); do
    n=$((n + 1))
    ./build/znpf validate "$f" > /dev/null 2> "${ZNPF_TEST_TMP:-/tmp}/schema_validate.err" \
        || bad="$bad $f ($(head -1 "${ZNPF_TEST_TMP:-/tmp}/schema_validate.err"))"
done
if [ -z "$bad" ]; then
    echo "PASS schema: all $n bundled scenarios in configs/ validate"
else
    echo "FAIL schema: bundled scenarios that do not validate:$bad"
fi
