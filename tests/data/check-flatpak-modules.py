#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the Flatpak manifest can satisfy every dependency() of the Meson build.

Usage: check-flatpak-modules.py MANIFEST SOURCE_ROOT

Every `dependency('name', ...)` call in every meson.build under SOURCE_ROOT (directories
whose name starts with "build" or "." are skipped) must name a pkg-config module that the
manifest's runtime provides or that one of the manifest's modules builds. A required
dependency that is neither makes the check fail; an optional one (`required: false` or a
feature option) only gives a warning, because the Flatpak would then quietly lack a feature.
"""

import json
import os
import re
import sys

# pkg-config names that org.gnome.Sdk provides (freedesktop-sdk plus the GNOME platform),
# by runtime version. Add a name only after checking it, for example with
#   flatpak run --command=pkg-config org.gnome.Sdk//43 --exists NAME && echo yes
RUNTIME_PROVIDES = {
    ('org.gnome.Platform', '43'): {
        # GLib and GTK
        'glib-2.0', 'gio-2.0', 'gio-unix-2.0', 'gobject-2.0', 'gmodule-2.0', 'gthread-2.0',
        'gtk4', 'gtk4-unix-print', 'gtk4-wayland', 'gtk4-x11', 'libadwaita-1',
        'graphene-1.0', 'graphene-gobject-1.0', 'gdk-pixbuf-2.0', 'librsvg-2.0',
        'gobject-introspection-1.0', 'gsettings-desktop-schemas',
        # text and drawing
        'pango', 'pangocairo', 'pangoft2', 'harfbuzz', 'fontconfig', 'freetype2',
        'cairo', 'cairo-gobject', 'cairo-pdf', 'cairo-ps', 'cairo-svg', 'cairo-png', 'cairo-ft',
        'pixman-1', 'epoxy',
        # images and compression
        'libpng', 'libjpeg', 'libtiff-4', 'libwebp', 'zlib',
        # data, network, security
        'sqlite3', 'libcurl', 'json-glib-1.0', 'libxml-2.0', 'libsoup-3.0', 'libsecret-1',
        'gnutls', 'openssl', 'libcrypto', 'libssl', 'uuid', 'dbus-1', 'libffi',
        # multimedia
        'gstreamer-1.0', 'gstreamer-base-1.0', 'gstreamer-video-1.0', 'gstreamer-app-1.0',
        'gstreamer-audio-1.0', 'gstreamer-pbutils-1.0', 'gstreamer-allocators-1.0',
        'gstreamer-plugins-base-1.0', 'libpipewire-0.3',
    },
}

# Meson dependencies that the toolchain and the C library satisfy without pkg-config.
TOOLCHAIN_PROVIDES = {'threads', 'dl', 'intl', 'iconv', 'openmp', 'atomic'}

# pkg-config name -> name of the manifest module that builds it. A module whose name equals
# the pkg-config name needs no entry.
PKGCONFIG_TO_MODULE = {
    'libqrencode': 'libqrencode',
    'zbar': 'zbar',
    'libmicrohttpd': 'libmicrohttpd',
    'xlsxwriter': 'libxlsxwriter',
    'libsodium': 'libsodium',
}

# Any identifier character or a dot before the name means another function
# (declare_dependency, override_dependency, x.dependency ...).
DEPENDENCY_CALL = re.compile(r'(?<![\w.])dependency\s*\(')


class Dependency:
    def __init__(self, names, optional, path, line):
        self.names = names
        self.optional = optional
        self.path = path
        self.line = line

    def where(self):
        return f'{self.path}:{self.line}'


def fail(message):
    print(f'error: {message}', file=sys.stderr)
    sys.exit(1)


def blank_comments_and_strings(text):
    """Return (code, mask): `code` has # comments blanked out, `mask` also has the contents
    of string literals blanked out. Both keep the offsets and line numbers of `text`."""
    code = []
    mask = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("'''", i):
            end = text.find("'''", i + 3)
            end = n if end < 0 else end + 3
        elif text[i] == "'":
            end = i + 1
            while end < n and text[end] != "'" and text[end] != '\n':
                end += 2 if text[end] == '\\' else 1
            end = min(end + 1, n)
        elif text[i] == '#':
            end = text.find('\n', i)
            end = n if end < 0 else end
            blank = ' ' * (end - i)
            code.append(blank)
            mask.append(blank)
            i = end
            continue
        else:
            code.append(text[i])
            mask.append(text[i])
            i += 1
            continue
        literal = text[i:end]
        code.append(literal)
        mask.append(re.sub(r'[^\n]', ' ', literal))
        i = end
    return ''.join(code), ''.join(mask)


def split_call_arguments(text, start):
    """Return the top-level arguments of the call whose '(' is just before `start`."""
    args = []
    depth = 0
    current = []
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if text.startswith("'''", i):
            end = text.find("'''", i + 3)
            end = n if end < 0 else end + 3
            current.append(text[i:end])
            i = end
            continue
        if c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == '\\' else 1
            current.append(text[i:j + 1])
            i = j + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append(''.join(current).strip())
                return [a for a in args if a]
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(''.join(current).strip())
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    return None


def parse_dependencies(path, relpath):
    with open(path, encoding='utf-8') as f:
        text, mask = blank_comments_and_strings(f.read())

    found = []
    skipped = []
    for match in DEPENDENCY_CALL.finditer(mask):
        line = text.count('\n', 0, match.start()) + 1
        args = split_call_arguments(text, match.end())
        if args is None:
            fail(f'{relpath}:{line}: unbalanced parentheses in a dependency() call')

        names = []
        optional = False
        for arg in args:
            keyword = re.match(r'(\w+)\s*:\s*(.*)', arg, re.S)
            if keyword:
                key, value = keyword.group(1), keyword.group(2).strip()
                if key == 'required' and value != 'true':
                    optional = True
            else:
                literal = re.fullmatch(r"'([^'\\]*)'", arg)
                if literal:
                    names.append(literal.group(1))
                else:
                    skipped.append(f'{relpath}:{line}: name is not a string literal: {arg}')

        names = [name for name in names if name]
        if names:
            found.append(Dependency(names, optional, relpath, line))
    return found, skipped


def collect_dependencies(source_root):
    deps = []
    skipped = []
    files = []
    for dirpath, dirnames, filenames in os.walk(source_root):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith('build') and not d.startswith('.'))
        if 'meson.build' in filenames:
            path = os.path.join(dirpath, 'meson.build')
            relpath = os.path.relpath(path, source_root)
            files.append(relpath)
            found, not_literal = parse_dependencies(path, relpath)
            deps.extend(found)
            skipped.extend(not_literal)
    return files, deps, skipped


def collect_modules(modules, manifest_dir, into):
    for module in modules:
        if isinstance(module, str):
            path = os.path.join(manifest_dir, module)
            if not path.endswith('.json'):
                fail(f'module file {module}: only JSON module files can be read by this check')
            try:
                with open(path, encoding='utf-8') as f:
                    module = json.load(f)
            except (OSError, ValueError) as e:
                fail(f'module file {module}: {e}')
        name = module.get('name')
        if not name:
            fail('a module in the manifest has no "name"')
        into.append(name)
        collect_modules(module.get('modules', []), manifest_dir, into)
    return into


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    manifest_path, source_root = argv[1], argv[2]

    try:
        with open(manifest_path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        fail(f'cannot read the Flatpak manifest {manifest_path}: {e}')

    runtime = (manifest.get('runtime'), str(manifest.get('runtime-version')))
    runtime_name = f'{runtime[0]}//{runtime[1]}'
    if runtime not in RUNTIME_PROVIDES:
        known = ', '.join(f'{r}//{v}' for r, v in sorted(RUNTIME_PROVIDES))
        fail(f'the manifest uses {runtime_name}, but this check only knows what {known} '
             f'provides: add that runtime\'s pkg-config names to RUNTIME_PROVIDES in {argv[0]}')
    provided = RUNTIME_PROVIDES[runtime]

    modules = collect_modules(manifest.get('modules', []), os.path.dirname(manifest_path), [])
    files, deps, skipped = collect_dependencies(source_root)

    print(f'manifest: {manifest_path}')
    print(f'runtime: {runtime_name}')
    print(f'modules: {", ".join(modules)}')
    print(f'meson.build files read: {len(files)}')
    for relpath in files:
        print(f'  {relpath}')

    missing = []
    used_modules = set()
    seen = set()
    print('dependencies:')
    for dep in deps:
        label = ' | '.join(dep.names)
        if (label, dep.optional) in seen:
            continue
        seen.add((label, dep.optional))

        source = None
        for name in dep.names:
            module = PKGCONFIG_TO_MODULE.get(name, name)
            if name in provided:
                source = runtime_name
            elif name in TOOLCHAIN_PROVIDES:
                source = 'toolchain'
            elif module in modules:
                source = f'module "{module}"'
                used_modules.add(module)
            if source:
                break

        kind = 'optional' if dep.optional else 'required'
        print(f'  {label:<28} {kind:<9} {source or "NOT PROVIDED":<26} {dep.where()}')
        if not source:
            missing.append(dep)

    for note in skipped:
        print(f'warning: {note}: not checked')

    app_module = modules[-1] if modules else None
    for module in modules:
        if module not in used_modules and module != app_module:
            print(f'note: module "{module}" builds nothing that a dependency() asks for yet')

    errors = 0
    for dep in missing:
        names = ' or '.join(f'"{name}"' for name in dep.names)
        message = (f'dependency {names} ({dep.where()}) is neither provided by {runtime_name} '
                   f'nor built by a module in {os.path.basename(manifest_path)}; add a module '
                   f'that builds it (and map its pkg-config name in PKGCONFIG_TO_MODULE)')
        if dep.optional:
            print(f'warning: optional {message}, or the Flatpak will lack that feature')
        else:
            print(f'error: {message}', file=sys.stderr)
            errors += 1

    if errors:
        print(f'FAIL: {errors} required dependenc{"y" if errors == 1 else "ies"} '
              f'missing from the Flatpak', file=sys.stderr)
        return 1
    print(f'OK: {len(seen)} dependencies checked, every required one is available in the Flatpak')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
