"""NetCapture's core: contacts, events, notes, follow-ups, storage, capture and exports.

Imports ``ocr`` below it, never ``ui`` above it.
"""

__version__ = "0.1.0"
