#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the accessibility tree of the application with process id PID
as a screen reader does (AT-SPI) and prints, one a line, every control
that a screen reader could not name well: no name (GTK then exposes its
type's name), a mnemonic underscore in the name, or its label said twice.
Exits 1 when it printed any, 2 when the application is not on the bus.
With PEYGIR_A11Y_TREE naming a file, the whole tree is appended to it, to
see what a screen reader sees."""

import os
import re
import sys
import time

import pyatspi

# What a user moves to and acts on: each needs a name of its own.
CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM, pyatspi.ROLE_LINK,
    pyatspi.ROLE_TABLE, pyatspi.ROLE_LIST, pyatspi.ROLE_TREE, pyatspi.ROLE_PAGE_TAB,
}
for extra in ('ROLE_SWITCH', 'ROLE_SEARCH_BOX'):
    if hasattr(pyatspi, extra):
        CONTROLS.add(getattr(pyatspi, extra))

TYPE_NAME = re.compile(r'(Gtk|Adw|Peygir)[A-Za-z]+')
MNEMONIC = re.compile(r'(^|\s)_\w')


def said_twice(name):
    words = name.replace('_', '').split()
    half = len(words) // 2
    return half > 0 and len(words) % 2 == 0 and words[:half] == words[half:]


def problem(node):
    role = node.getRole()
    name = (node.name or '').strip()
    if role not in CONTROLS:
        return None
    if not name or TYPE_NAME.fullmatch(name):
        return 'no name'
    if MNEMONIC.search(name):
        return 'an underscore'
    if said_twice(name):
        return 'its label twice'
    return None


def walk(node, path, found, tree):
    try:
        name = (node.name or '').strip()
        what = problem(node)
        if tree is not None:
            tree.write('%s%s "%s"%s\n' % ('  ' * len(path), node.getRoleName(), name,
                                         '  <-- ' + what if what else ''))
        if what is not None:
            found.append('%s "%s": %s (in %s)' % (node.getRoleName(), name, what,
                                                  ' › '.join(p for p in path if p) or 'the window'))
        here = path + [name if name and not TYPE_NAME.fullmatch(name) else '']
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is not None:
                walk(child, here, found, tree)
    except Exception as error:  # a widget gone while it was read
        found.append('unreadable object: %s' % error)


def find_application(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def main():
    pid = int(sys.argv[1])
    app = None
    for _ in range(50):
        app = find_application(pid)
        if app is not None and app.childCount > 0:
            break
        time.sleep(0.2)
    if app is None:
        print('the application %d is not on the accessibility bus' % pid)
        return 2
    found = []
    tree = open(os.environ['PEYGIR_A11Y_TREE'], 'a', encoding='utf-8') if os.environ.get('PEYGIR_A11Y_TREE') else None
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None:
            walk(window, [window.name or ''], found, tree)
    if tree is not None:
        tree.close()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
