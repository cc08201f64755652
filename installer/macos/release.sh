#!/usr/bin/env bash
# macOS, after installer/build.sh: sign Equitone.app, have Apple notarise it, and wrap it in
# a disk image. Each step runs when its credentials are given and says so when skipped.
#
#   installer/macos/release.sh [dist/Equitone.app]   ->  dist/Equitone-VERSION.dmg
#
#   EQUITONE_MAC_IDENTITY         a "Developer ID Application: …" identity in the keychain
#                                 (codesign with the hardened runtime and a secure timestamp)
#   EQUITONE_NOTARY_PROFILE       a notarytool keychain profile, made once with
#                                 `xcrun notarytool store-credentials` (needs the identity too)
#
# Without an identity the app stays unsigned (Gatekeeper then refuses a double-click; a
# right-click > Open is needed), and without a profile it is signed but not notarised.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

app="${1:-dist/Equitone.app}"
[ -d "$app" ] || { echo "release.sh: $app is missing; run installer/build.sh first" >&2; exit 1; }
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/equitone/__init__.py)"
dmg="dist/Equitone-$version.dmg"
entitlements="installer/macos/entitlements.plist"

identity="${EQUITONE_MAC_IDENTITY:-}"
if [ -n "$identity" ]; then
  say "Signing $app as $identity"
  # Inside out: every Mach-O file first (libraries, Python extensions, Qt frameworks), then
  # the app, so each signature covers signed contents. (codesign --deep is discouraged.)
  find "$app/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 \
    | while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then
          codesign --force --timestamp --options runtime --entitlements "$entitlements" \
            --sign "$identity" "$file"
        fi
      done
  codesign --force --timestamp --options runtime --entitlements "$entitlements" \
    --sign "$identity" "$app"
  codesign --verify --strict --verbose=2 "$app"
else
  say "Signing skipped: set EQUITONE_MAC_IDENTITY to a Developer ID Application identity"
fi

say "Making $dmg"
rm -f "$dmg"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"   # drag-to-install
hdiutil create -volname "Equitone $version" -srcfolder "$staging" -fs HFS+ -format UDZO \
  -ov "$dmg" >/dev/null
[ -n "$identity" ] && codesign --force --timestamp --sign "$identity" "$dmg"

if [ -n "$identity" ] && [ -n "${EQUITONE_NOTARY_PROFILE:-}" ]; then
  say "Notarising $dmg (Apple's service; this takes minutes)"
  xcrun notarytool submit "$dmg" --keychain-profile "$EQUITONE_NOTARY_PROFILE" --wait
  xcrun stapler staple "$dmg"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
elif [ -n "$identity" ]; then
  say "Notarisation skipped: set EQUITONE_NOTARY_PROFILE (xcrun notarytool store-credentials)"
else
  say "Notarisation skipped: it needs a signed app (EQUITONE_MAC_IDENTITY)"
fi
(cd dist && shasum -a 256 "$(basename "$dmg")" > "$(basename "$dmg").sha256")
say "Disk image: $dmg"
