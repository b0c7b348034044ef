#!/usr/bin/env bash
# A short plate/rest/strip run with frames, turned into a movie by scripts/make-movie: the MP4
# must be H.264 in yuv420p with the frames' size, and the GIF must hold every frame. SKIP
# without ffmpeg (scripts/setup installs it; a machine set up by hand may lack it).
cd "$(dirname "$0")/.."
if ! command -v ffmpeg > /dev/null || ! command -v ffprobe > /dev/null; then
    echo "SKIP movie: ffmpeg not installed"
    exit 0
fi
out=${ZNPF_TEST_TMP:-/tmp}/znpf_movie_check
./build/znpf run configs/ci/plate_strip_short.yaml --out $out --force --quiet \
    --set output.frames=1 --set output.frame_scale=3 || { echo "FAIL movie: the run failed"; exit 1; }
frames=$(ls $out/frames/frame_*.png | wc -l)
scripts/make-movie $out --fps 4 > /dev/null || { echo "FAIL movie: make-movie failed"; exit 1; }
info=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,pix_fmt,width,height,nb_frames -of csv=p=0 $out/movie.mp4)
gif_frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 $out/movie.gif)
want="h264,$(python3 -c "import struct;d=open('$out/frames/frame_00000.png','rb').read(24);w,h=struct.unpack('>II',d[16:24]);print(f'{w},{h}')" 2>/dev/null),yuv420p"
got=$(echo "$info" | awk -F, '{print $1","$2","$3","$4}')
if [ "$got" = "$want" ] && [ "$gif_frames" = "$frames" ]; then
    echo "PASS movie: $frames frames -> MP4 ($info) and GIF ($gif_frames frames)"
else
    echo "FAIL movie: MP4 '$info' (want codec,width,height,pix_fmt = $want), GIF frames $gif_frames of $frames"
    exit 1
fi
