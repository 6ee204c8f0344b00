"""The Library's areas, one small module each; netcapture.services.Library joins them into the
one facade the CLI and the GUI use (why mixins: see netcapture/services.py).

- base:            the database, config and capture service; finding a contact, event, follow-up
- reading_options: Tesseract languages and the phone region
- events:          events and their plans; the current event
- event_results:   results per event, the live count, the after-event review
- capturing:       cards in (photo, scan, PDF, folders, back sides), reading state, stored images
- contacts:        create and edit contacts, undo an edit, add many at once
- listing:         list, count and search contacts (the one contact filter)
- review:          the review form and the review queue
- notes:           notes, the memory prompt and the notes-missing tray
- followups:       follow-ups, introductions, the default-date rule setting, the mail draft
- duplicates:      suggested pairs, merge, dismiss
- trash:           delete, restore, empty the Trash
- exchange:        export (vCard, CSV, iCalendar) and import of contact files
"""
