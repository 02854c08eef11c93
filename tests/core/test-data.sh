#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks what data/ and po/ ship: the desktop file, the AppStream metainfo,
# the GSettings schema, the icons, the default agency list, the Flatpak
# manifest and the Persian catalogue. TAP output.
#
# usage: test-data.sh SOURCE_DIR BUILD_DIR

set -u

src=${1:?source directory}
build=${2:?build directory}
app_id=ir.gov.peygir

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0

# ok DESCRIPTION COMMAND…: runs the command, its output kept for the log.
ok ()
{
  desc=$1; shift
  n=$((n + 1))
  if ( "$@" ) >"$tmp/out" 2>&1; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc"
    sed 's/^/# /' "$tmp/out"
    failed=$((failed + 1))
  fi
}

desktop_valid ()
{
  test -f "$build/data/$app_id.desktop" || { echo "not built: $build/data/$app_id.desktop"; return 1; }
  out=$(desktop-file-validate "$build/data/$app_id.desktop" 2>&1)
  echo "$out"
  # Hints are advice; warnings and errors fail.
  ! printf '%s\n' "$out" | grep -q -e 'error:' -e 'warning:'
}

desktop_fields ()
{
  f=$build/data/$app_id.desktop
  for line in 'Name=Peygir' 'Name\[fa\]=پیگیر' 'Exec=peygir' "Icon=$app_id" \
              'Categories=Office;' 'Comment=' 'Comment\[fa\]=' 'Type=Application'; do
    grep -q "^$line" "$f" || { echo "missing: $line"; return 1; }
  done
}

metainfo_valid ()
{
  f=$build/data/$app_id.metainfo.xml
  test -f "$f" || { echo "not built: $f"; return 1; }
  appstreamcli validate --no-net --explain "$f"
}

metainfo_fields ()
{
  f=$build/data/$app_id.metainfo.xml
  for pattern in "<id>$app_id</id>" \
                 "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" \
                 '<content_rating type="oars-1.1"' \
                 '<release version="0.1.0"' \
                 '<name xml:lang="fa">پیگیر</name>' \
                 '<summary xml:lang="fa">' \
                 '<p xml:lang="fa">'; do
    grep -q -F "$pattern" "$f" || { echo "missing: $pattern"; return 1; }
  done
}

schema_strict ()
{
  glib-compile-schemas --strict --dry-run "$src/data"
}

# The client relies on exactly these keys and defaults.
schema_keys ()
{
  test -f "$build/data/gschemas.compiled" || { echo "not compiled: $build/data/gschemas.compiled"; return 1; }
  cat >"$tmp/keys.expected" <<EOF
$app_id database-path ''
$app_id last-queue ''
$app_id notifications true
$app_id poll-interval 3
$app_id use-system-language false
$app_id window-height 760
$app_id window-maximized false
$app_id window-width 1180
EOF
  GSETTINGS_BACKEND=memory gsettings --schemadir "$build/data" list-recursively "$app_id" \
    | LC_ALL=C sort >"$tmp/keys.actual" || return 1
  diff -u "$tmp/keys.expected" "$tmp/keys.actual" || return 1
  range=$(GSETTINGS_BACKEND=memory gsettings --schemadir "$build/data" range "$app_id" poll-interval)
  test "$range" = "$(printf 'range i 1 60')" || { echo "poll-interval range: $range"; return 1; }
}

icons_render ()
{
  for icon in "$src/data/icons/hicolor/scalable/apps/$app_id.svg" \
              "$src/data/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
    gtk4-encode-symbolic-svg -o "$tmp" "$icon" 16x16 || { echo "cannot render $icon"; return 1; }
  done
}

agencies_valid ()
{
  f=$src/data/default-agencies.tsv
  lines=$(wc -l <"$f")
  test "$lines" -ge 25 || { echo "only $lines agencies"; return 1; }
  # Two non-empty fields a line, no stray spaces at their ends.
  awk -F '\t' 'NF != 2 || $1 == "" || $2 == "" || $1 ~ /^ | $/ || $2 ~ /^ | $/ { print FILENAME ":" NR ": " $0; bad = 1 } END { exit bad }' "$f" || return 1
  # Persian letters only: Arabic yeh and kaf would defeat comparison.
  if grep -n -e 'ي' -e 'ك' "$f"; then echo "Arabic yeh or kaf in $f"; return 1; fi
  dups=$(cut -f1 "$f" | sort | uniq -d)
  test -z "$dups" || { echo "duplicate agencies: $dups"; return 1; }
  for name in 'اداره کل آموزش و پرورش استان' 'شرکت آب و فاضلاب استان' 'شهرداری مرکز استان' \
              'اداره کل تأمین اجتماعی' 'بنیاد مسکن انقلاب اسلامی'; do
    grep -q "^$name	" "$f" || { echo "missing agency: $name"; return 1; }
  done
  ! awk -F '\t' '$2 !~ /محترم/ { print "head title without محترم: " $2; bad = 1 } END { exit !bad }' "$f"
}

flatpak_manifest ()
{
  f=$src/flatpak/$app_id.json
  test -f "$f" || { echo "missing $f"; return 1; }
  # flatpak-builder reads it with json-glib: /* */ comments are allowed, but
  # json-glib 1.6 ends a comment at any slash inside it.
  python3 - "$f" <<'PY' || return 1
import json, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
for comment in re.findall(r'/\*(.*?)\*/', text, flags=re.S):
    if '/' in comment:
        sys.exit('a comment holds a slash: ' + comment.strip()[:60])
json.loads(re.sub(r'/\*.*?\*/', '', text, flags=re.S))
PY
  for pattern in "\"id\": \"$app_id\"" '"runtime": "org.gnome.Platform"' '"runtime-version": "43"' \
                 '"--filesystem=home"' '"--filesystem=/mnt"' '"--filesystem=/media"' '"buildsystem": "meson"' \
                 '"--share=network"' '"--talk-name=org.freedesktop.secrets"'; do
    grep -q -F "$pattern" "$f" || { echo "missing: $pattern"; return 1; }
  done
}

po_complete ()
{
  out=$(LC_ALL=C msgfmt --check --statistics -o "$tmp/fa.mo" "$src/po/fa.po" 2>&1) || { echo "$out"; return 1; }
  echo "$out"
  case $out in
    *fuzzy*|*untranslated*) return 1 ;;
  esac
}

linguas_fa ()
{
  grep -v '^#' "$src/po/LINGUAS" | grep -qw fa
}

mo_built ()
{
  mo=$build/po/fa/LC_MESSAGES/peygir.mo
  test -f "$mo" || { echo "not built: $mo"; return 1; }
  msgunfmt "$mo" | grep -A1 -x 'msgid "Peygir"' | grep -q -x 'msgstr "پیگیر"'
}

# Files with translatable strings that POTFILES.in forgot.
potfiles_listed ()
{
  missing=0
  cd "$src" || return 1
  for f in $(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_) ?\(' src --include='*.c' 2>/dev/null; \
             grep -rl 'translatable="yes"' ui --include='*.ui' 2>/dev/null); do
    if ! grep -q -x -F "$f" po/POTFILES.in; then
      echo "not in po/POTFILES.in: $f"
      missing=1
    fi
  done
  for f in $(grep -v -e '^#' -e '^$' po/POTFILES.in); do
    test -f "$f" || { echo "listed but missing: $f"; missing=1; }
  done
  return $missing
}

# Every string of the files in POTFILES.in has a Persian translation.
po_covers_sources ()
{
  cd "$src" || return 1
  xgettext --from-code=UTF-8 --add-comments \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
    --files-from=po/POTFILES.in -o "$tmp/sources.pot" || return 1
  test -s "$tmp/sources.pot" || { echo "no strings extracted"; return 1; }
  # msgcmp counts untranslated and fuzzy entries of fa.po as missing.
  msgcmp po/fa.po "$tmp/sources.pot"
}

ok "desktop-file-validate accepts the built desktop file" desktop_valid
ok "the desktop file has the name, command, icon and Persian translations" desktop_fields
ok "appstreamcli validate --no-net accepts the built metainfo" metainfo_valid
ok "the metainfo has the id, launchable, rating, release and Persian text" metainfo_fields
ok "glib-compile-schemas --strict accepts the schema" schema_strict
ok "the schema has exactly the client's keys and defaults" schema_keys
ok "both icons render" icons_render
ok "default-agencies.tsv: at least 25 agencies, name<TAB>head title, Persian letters" agencies_valid
ok "the Flatpak manifest parses and has the runtime and permissions" flatpak_manifest
ok "LINGUAS lists fa" linguas_fa
ok "fa.po compiles with --check, nothing fuzzy or untranslated" po_complete
ok "the Persian catalogue is built to po/fa/LC_MESSAGES/peygir.mo" mo_built
ok "every source with translatable strings is in POTFILES.in" potfiles_listed
ok "fa.po translates every string of the files in POTFILES.in" po_covers_sources

echo "1..$n"
exit $((failed > 0))
