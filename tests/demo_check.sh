#!/usr/bin/env bash
# README command 1 as a new user runs it: scripts/demo must leave a picture and a movie and name
# them. The PNG is decoded (chunks, CRCs, the zlib stream, every filtered row of the RGB image
# at the size in its header); the MP4 is probed (H.264, the frame count of frames/).
cd "$(dirname "$0")/.."
log=$(mktemp); trap 'rm -f "$log"' EXIT
if ! bash scripts/demo > "$log" 2>&1; then tail -20 "$log"; echo "FAIL demo: scripts/demo failed"; exit 1; fi
png=$(sed -n 's/^demo: picture \([^ ]*\).*/\1/p' "$log"); mp4=$(sed -n 's/^demo: movie *\([^ ]*\).*/\1/p' "$log")
[ -n "$png" ] && [ -n "$mp4" ] && echo "PASS demo: names its picture ($png) and movie ($mp4)" \
    || { cat "$log"; echo "FAIL demo: the picture and the movie are not named"; exit 1; }
python3 - "$png" <<'PY' || echo "FAIL $(basename $0): a python check crashed (its traceback is above)"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
ok, pos, idat, w, h = data[:8] == b"\x89PNG\r\n\x1a\n", 8, b"", 0, 0
while ok and pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body, crc = data[pos + 8:pos + 8 + n], struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
    ok = zlib.crc32(kind + body) == crc
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        ok = ok and depth == 8 and ctype == 2
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat) if ok else b""
ok = ok and w > 100 and h > 100 and len(raw) == h * (1 + 3 * w) and all(raw[y * (1 + 3 * w)] <= 4 for y in range(h))
print(("PASS" if ok else "FAIL") + f" demo: the picture decodes as an RGB PNG of {w}x{h}")
PY
if command -v ffprobe > /dev/null; then
    info=$(ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=codec_name,nb_read_frames -of csv=p=0 "$mp4")
    n=$(ls "$(dirname "$mp4")"/frames/frame_*.png | wc -l)
    [ "$info" = "h264,$n" ] && echo "PASS demo: the movie is H.264 with the $n frames" \
        || echo "FAIL demo: the movie is '$info', expected h264,$n"
else
    echo "FAIL demo: ffprobe missing (scripts/setup installs ffmpeg)"
fi
