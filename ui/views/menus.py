"""The menu bar: every command of the window, with its shortcut, wired to the flow that does it."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from netcapture.desk import EXPORT_FORMATS

PAGES = ("Capture", "Review", "Contacts", "Follow-ups", "Events")


def build_menus(w) -> None:
    """Adds the menus to main window `w`; keeps the actions other code updates on `w`."""
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    add(w, file_menu, "&New Event…", w.events.new_event, "Ctrl+Shift+N")
    add(w, file_menu, "&Switch Event…", w.events.choose_event, "Ctrl+E")
    add(w, file_menu, "Edit Event &Plan…", lambda: w.event_id is not None and w.events.edit_event(w.event_id))
    add(w, file_menu, "Re&view the Event…", lambda: w.event_id is not None and w.events.review_event(w.event_id))
    file_menu.addSeparator()
    add(w, file_menu, "&Import Card Images…", w.imports.import_dialog, QKeySequence.StandardKey.Open)
    add(w, file_menu, "Watch a &Folder…", w.imports.choose_hot_folder)
    add(w, file_menu, "Try With &Sample Cards", w.imports.import_samples)
    add(w, file_menu, "Import &Contacts (vCard/CSV)…", w.exchange.import_contacts_dialog)
    export_menu = file_menu.addMenu("&Export")
    export_menu.setObjectName("exportMenu")
    for scope, title in (("selection", "Selection"), ("event", "This Event")):
        for fmt in EXPORT_FORMATS.values():
            add(w, export_menu, f"{title} as {fmt.label}…",
                lambda _c=False, f=fmt.key, s=scope: w.contacts_flow.export(f, s))
        if scope == "selection":
            export_menu.addSeparator()
    add(w, file_menu, "Export &All Contacts…", w.exchange.export_all_dialog)
    add(w, file_menu, "Export &One File per Contact…", w.exchange.export_per_contact_dialog)
    file_menu.addSeparator()
    add(w, file_menu, "&Quit", w.close, QKeySequence.StandardKey.Quit, QAction.MenuRole.QuitRole)

    edit_menu = bar.addMenu("&Edit")
    add(w, edit_menu, "&Undo", w.contacts_flow.undo, QKeySequence.StandardKey.Undo)
    edit_menu.addSeparator()
    add(w, edit_menu, "&Paste Card Image", w.imports.paste_image, QKeySequence.StandardKey.Paste)
    add(w, edit_menu, "&Find Contact", w.contacts_flow.focus_search, QKeySequence.StandardKey.Find)
    edit_menu.addSeparator()
    add(w, edit_menu, "Settings…", w.show_settings, QKeySequence.StandardKey.Preferences,
        QAction.MenuRole.PreferencesRole)

    capture_menu = bar.addMenu("&Capture")
    w.shutter_action = add(w, capture_menu, "&Capture Card", w.station.shutter, "Space")
    w.auto_action = add(w, capture_menu, "&Auto-Capture", w.station.set_auto_capture)
    w.auto_action.setCheckable(True)
    w.auto_action.setChecked(True)
    w.back_action = add(w, capture_menu, "Add &Back Side…", w.capture.add_back_side, "Ctrl+B")
    w.camera_menu = capture_menu.addMenu("C&amera")

    view_menu = bar.addMenu("&View")
    for index, name in enumerate(PAGES):
        add(w, view_menu, name, lambda _c=False, i=index: w.nav.setCurrentRow(i), f"Ctrl+{index + 1}")
    add(w, view_menu, "Notes Missing", w.notes.show_notes_missing, f"Ctrl+{len(PAGES) + 1}")
    view_menu.addSeparator()
    full = add(w, view_menu, "&Full Screen", w.toggle_full_screen)
    # F11 everywhere, besides the platform's own key (Ctrl+Meta+F on macOS, none on some desktops).
    keys = [QKeySequence("F11")] + [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen)
                                    if k != QKeySequence("F11")]
    full.setShortcuts(keys)

    contacts_menu = bar.addMenu("C&ontacts")
    add(w, contacts_menu, "&New Contact…", w.contacts_flow.new_contact, QKeySequence.StandardKey.New)
    add(w, contacts_menu, "&Delete Contact", w.contacts_flow.delete_selected, QKeySequence.StandardKey.Delete)
    add(w, contacts_menu, "&Trash…", w.contacts_flow.show_trash)
    add(w, contacts_menu, "&Star as Quality Contact", w.events.toggle_star, "Ctrl+D")
    contacts_menu.addSeparator()
    add(w, contacts_menu, "&Merge Duplicates…", w.contacts_flow.merge_duplicates, "Ctrl+M")
    add(w, contacts_menu, "&Review Selected", w.review_flow.review_selected, "Ctrl+R")

    help_menu = bar.addMenu("&Help")
    add(w, help_menu, "&How an Evening Goes", w.show_evening_help, QKeySequence.StandardKey.HelpContents)
    add(w, help_menu, "&Keyboard Shortcuts", w.show_shortcuts, "Ctrl+/")
    help_menu.addSeparator()
    add(w, help_menu, "Open &Log Folder", w.open_log_folder)
    add(w, help_menu, "&About NetCapture", w.about, role=QAction.MenuRole.AboutRole)


def add(w, menu, text, slot, shortcut=None, role=None) -> QAction:
    action = QAction(text, w)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
    if role is not None:
        action.setMenuRole(role)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action
