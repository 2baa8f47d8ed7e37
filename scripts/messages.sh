#!/usr/bin/env bash
# Refresh the Filipino (fil) translation catalogs from the code and compile them.
#
#   scripts/messages.sh                  every catalog (each app's <app>/locale/, and locale/
#                                        for templates/ and obc_management/)
#   scripts/messages.sh community_portal only that app's catalog (others stay untouched, so
#                                        parallel work never rewrites another app's .po)
#
# Needs GNU gettext (xgettext, msgmerge, msgfmt: `apt-get install gettext`). See
# docs/translations.md for the whole workflow.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=.venv/bin/python
APPS=(common coordination monitoring automation service_catalog ocm_dashboard reporting community_portal external_api)
IGNORE=(-i node_modules -i var -i bench -i static -i docs -i scripts -i tests -i "*/tests/*" -i "*/migrations/*")

if [ "$#" -gt 0 ]; then
  for app in "${APPS[@]}"; do
    [[ " $* " == *" $app "* ]] || IGNORE+=(-i "$app")
  done
  # The project-wide catalog (templates/, obc_management/) is refreshed only in a full run:
  # an ignore pattern "templates" would also hide every app's templates, so keep a copy.
  IGNORE+=(-i obc_management)
  PROJECT_PO=locale/fil/LC_MESSAGES/django.po
  cp "$PROJECT_PO" "$PROJECT_PO.keep"
  trap 'mv "$PROJECT_PO.keep" "$PROJECT_PO"' EXIT
fi

$PY manage.py makemessages -l fil --add-location=file --no-obsolete "${IGNORE[@]}"
if [ -n "${PROJECT_PO:-}" ]; then mv "$PROJECT_PO.keep" "$PROJECT_PO"; trap - EXIT; fi
# The creation date changes on every run; without it a catalog changes only when its
# strings do, so two people refreshing different apps never conflict.
find . -path ./node_modules -prune -o -path ./.venv -prune -o -name django.po -path "*/locale/fil/*" -print \
  | xargs sed -i '/^"POT-Creation-Date: /d'
# A catalog makemessages has just created gets gettext's template header (fuzzy, no
# language, no plural rule): give it the project's, so it compiles with Filipino plurals.
$PY - <<'PYTHON'
import pathlib
import re

for po in pathlib.Path(".").glob("**/locale/fil/LC_MESSAGES/django.po"):
    if ".venv" in po.parts or "node_modules" in po.parts:
        continue
    text = po.read_text(encoding="utf-8")
    head, sep, rest = text.partition('msgid ""\nmsgstr ""\n')
    first = rest.split("\n\n", 1)[0]
    # makemessages' template header says "nplurals=INTEGER": a placeholder, not a rule.
    if "#, fuzzy" not in head and '"Plural-Forms:' in first and "nplurals=INTEGER" not in first:
        continue
    header, _, body = rest.partition("\n\n")
    header = re.sub(r'^"Language: .*\\n"$', lambda _match: '"Language: fil\\n"', header, flags=re.M)
    header = re.sub(r'^"Plural-Forms: nplurals=INTEGER.*$\n?', "", header, flags=re.M).rstrip("\n")
    if '"Plural-Forms:' not in header:
        header += '\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    head = "# Filipino (fil) translation of OBCMS. See docs/translations.md.\n"
    po.write_text(head + sep + header + "\n\n" + body, encoding="utf-8")
PYTHON
$PY manage.py compilemessages -l fil "${IGNORE[@]}"
