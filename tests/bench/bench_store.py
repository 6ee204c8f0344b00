"""Store benchmark: 50,000 contacts in SQLite.

Goals (issue 3): search by any name/company/email fragment <= 50 ms; export of 10,000 contacts
to vCard <= 5 s; memory flat while exporting. Run: `python -m tests.bench.bench_store`.

Search is timed the way a search-as-you-type table uses it (a page of light rows, plus the count
when there is more than a page), and as full contacts with their collections (list_contacts).
"""
from __future__ import annotations

import io
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from netcapture.config import Config
from netcapture.exports.records import ContactRecord, PhoneRecord, new_uid
from netcapture.services import Library

CONTACTS = 50_000
EXPORTED = 10_000
GIVEN = ["Anna", "Bo", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kim", "Lars",
         "Mei", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yusuf"]
FAMILY = ["Schmidt", "Müller", "Chen", "García", "Okafor", "Nakamura", "Novak", "Larsen", "Rossi", "Kowalski",
          "Dubois", "Haddad", "Svensson", "Ivanova", "O'Brien", "Fischer", "Tanaka", "Silva", "Weber", "Kaya"]
WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent",
         "Aperture", "Vandelay", "Wonka", "Gringotts", "Oscorp", "Nakatomi", "Monarch", "Dunder", "Mifflin"]


def address_book(count: int):
    """``count`` made-up contacts, each met at one of ten events ("Event 1" .. "Event 10")."""
    rng = random.Random(7)
    for n in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        company = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n % 997}"
        domain = company.split()[0].lower()
        yield ContactRecord(
            uid=new_uid(), full_name=f"{given} {family}", given=given, family=family, company=company,
            title="Head of Sales", websites=[f"https://{domain}{n}.example"],
            emails=[f"{given.lower()}.{n}@{domain}{n % 997}.example"],
            phones=[PhoneRecord(f"+49 30 {1000000 + n}", f"+4930{1000000 + n}", "work")],
            categories=[f"Event {n % 10 + 1}"])


def populate(library: Library, count: int) -> None:
    library.add_contacts(address_book(count))


FRAGMENTS = ("schmi", "ller", "nakamura", "globex", "ubrella", "anna.4", "@hooli", "4930100", "chloe",
             "zz-none", "an", "a", "zq", "anna schmidt", "+49 30 1004")
PAGE = 200  # rows a contacts table asks for at once (ui/contacts_model.PAGE_SIZE)


def median_ms(call, runs: int = 7) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def table_search(library: Library, fragment: str) -> tuple[int, int]:
    """What a search-as-you-type table does per key press: the first page of light rows, and the
    number of matches when there is more than a page."""
    rows = library.contact_summaries(search=fragment, limit=PAGE)
    return len(rows), (library.count_contacts(search=fragment) if len(rows) == PAGE else len(rows))


def time_searches(library: Library) -> None:
    worst_table = worst_list = 0.0
    for fragment in FRAGMENTS:
        table_ms, (shown, found) = median_ms(lambda f=fragment: table_search(library, f))
        list_ms, _contacts = median_ms(lambda f=fragment: library.list_contacts(search=f, limit=100))
        worst_table, worst_list = max(worst_table, table_ms), max(worst_list, list_ms)
        print(f"store: search {fragment!r:>15}: table page+count {table_ms:5.1f} ms ({shown} shown of {found}); "
              f"list_contacts(limit=100) {list_ms:5.1f} ms")
    verdict = "OK" if worst_table <= 50 else "TOO SLOW"
    print(f"store: worst search, table path (contact_summaries + count_contacts): {worst_table:.1f} ms "
          f"(goal <= 50 ms): {verdict}")
    print(f"store: worst search, full contacts with all their collections: {worst_list:.1f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.load(data_dir=Path(tmp), env={})
        with Library.open(config) as library:
            started = time.perf_counter()
            populate(library, CONTACTS)
            print(f"store: inserted {CONTACTS} contacts in {time.perf_counter() - started:.1f} s (Library.add_contacts)")
            time_searches(library)

            event = library.get_event("Event 1")
            assert library.count_contacts(event=event.id) == CONTACTS // 10
            # 10,000 contacts: Events 1 and 2 together hold exactly that many.
            def export_two_events(stream) -> int:
                return (library.export("vcard3", stream, event="Event 1")
                        + library.export("vcard3", stream, event="Event 2"))

            sink = io.BytesIO()
            started = time.perf_counter()
            written = export_two_events(sink)
            seconds = time.perf_counter() - started
            print(f"store: exported {written} contacts to vCard 3.0 in {seconds:.2f} s "
                  f"({len(sink.getvalue()) / 1e6:.1f} MB) (goal <= 5 s): {'OK' if seconds <= 5 else 'TOO SLOW'}")

            peaks = {}
            for n_events in (1, 2):
                class Discard(io.RawIOBase):
                    def writable(self) -> bool:
                        return True

                    def write(self, data) -> int:
                        return len(data)

                tracemalloc.start()
                out = Discard()
                count = sum(library.export("vcard3", out, event=f"Event {i + 3}") for i in range(n_events))
                peaks[count] = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
            for count, peak in peaks.items():
                print(f"store: export of {count} contacts: peak traced memory {peak:.1f} MB")
            small, large = peaks.values()
            print(f"store: memory while exporting {'flat' if large < small * 1.5 else 'GROWS'} "
                  f"(twice the contacts, {large / small:.2f}x the peak)")


if __name__ == "__main__":
    main()
