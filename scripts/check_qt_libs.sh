#!/bin/sh
# Before `make run` on Linux: Qt's window plugin (xcb) needs a few X libraries that minimal
# installs lack. Say which, and how to get them, before Qt's cryptic "could not load xcb".
# It only warns: a wrong guess here must never stop the app from starting.
[ "$(uname -s)" = "Linux" ] || exit 0
[ -n "$QT_QPA_PLATFORM" ] && exit 0
lib=$(ls "$1"/lib/python3*/site-packages/PySide6/Qt/lib/libQt6XcbQpa.so.6 2>/dev/null | head -n 1)
[ -n "$lib" ] || exit 0
missing=$(ldd "$lib" 2>/dev/null | awk '/not found/ {print $1}')
# Qt loads libxcb-cursor at run time (dlopen), so ldd cannot see it: look for the file.
found=""
for f in /usr/lib/*/libxcb-cursor.so.0 /usr/lib/libxcb-cursor.so.0 /usr/lib64/libxcb-cursor.so.0; do
  [ -e "$f" ] && found=yes
done
[ -n "$found" ] || missing="$missing libxcb-cursor.so.0"
[ -z "$(echo $missing)" ] && exit 0
echo "Warning: Qt may not be able to open a window; missing X libraries: $(echo $missing | tr " " "\n" | sort -u | tr "\n" " ")"
echo "On Debian/Ubuntu: sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0"
echo "(or run without a window: QT_QPA_PLATFORM=offscreen make run)"
exit 0
