"""Reading options: which Tesseract languages are installed and chosen, the phone region
for numbers printed without +code, and whether the reader is installed at all.
"""
from __future__ import annotations

from dataclasses import replace

from netcapture.errors import InvalidInputError
from netcapture.library.base import LibraryBase


def reader_installed() -> bool:
    """Whether the OCR engine (Tesseract) is installed; the GUI says how to install it when not."""
    from ocr.engine import default_engine

    return default_engine().version() is not None


class ReadingOptionsMixin(LibraryBase):
    """OCR language(s) and phone region for the cards read from now on."""

    @staticmethod
    def reading_language_choices() -> list[tuple[str, str]]:
        """(code, label) of each installed language, for Settings: ("jpn", "Japanese (jpn)")."""
        from ocr.languages import installed_languages, language_label

        return [(code, language_label(code)) for code in installed_languages()]

    def reading_languages(self) -> list[str]:
        """Tesseract languages installed on this machine (empty when Tesseract is missing)."""
        from ocr.languages import installed_languages

        return installed_languages()

    def set_reading_options(self, lang: str, region: str | None) -> None:
        """OCR language(s) and the phone region for numbers printed without +code, for cards
        read from now on. Raises InvalidInputError for an unknown region or language."""
        import phonenumbers

        region = (region or "").strip().upper() or None
        if region and region not in phonenumbers.SUPPORTED_REGIONS:
            raise InvalidInputError(f"{region!r} is not a country code phone numbers know (try JP, US, GB, DE…)")
        installed = self.reading_languages()
        missing = [code for code in lang.split("+") if installed and code not in installed]
        if not lang or missing:
            raise InvalidInputError(f"Tesseract has no data for {'+'.join(missing) or 'that language'}; "
                                    f"installed: {', '.join(installed)}")
        self.config = replace(self.config, lang=lang, region=region)
        self.capture.use_config(self.config)
