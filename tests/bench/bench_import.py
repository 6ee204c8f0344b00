"""Import benchmark (issue 11): 10,000 vCards, half with a company, into an empty library and into
one of 50,000 contacts. Goals on 2 cores: <= 20 s and <= 30 s. Each case runs in a process of its
own, so its peak memory (ru_maxrss) is its own. Run: `python -m tests.bench.bench_import`.

The cards share names, companies, e-mails and phone numbers with the 50,000 contacts now and
then, so the duplicate check has real work to do.
"""
from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from netcapture.config import Config
from netcapture.services import Library
from tests.bench.bench_store import FAMILY, GIVEN, WORDS, populate

CARDS = 10_000
LIBRARY = 50_000
GOALS = {"empty": 20.0, "50k": 30.0}


def vcards(count: int) -> str:
    """``count`` vCard 3.0 cards; every second one has a company."""
    rng = random.Random(11)
    out = []
    for n in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:urn:uuid:bench-import-{n}", f"FN:{given} {family}",
                 f"N:{family};{given};;;"]
        if n % 2 == 0:
            lines.append(f"ORG:{rng.choice(WORDS)} {rng.choice(WORDS)} {n % 997}")
            lines.append("TITLE:Head of Sales")
        # some share an e-mail or a phone with the 50,000 (bench_store's address book numbers them)
        lines.append(f"EMAIL;TYPE=INTERNET:{given.lower()}.{n * 5}@example.org")
        lines.append(f"TEL;TYPE=WORK:+49 30 {1000000 + n * 5}")
        lines.append("END:VCARD")
        out.append("\r\n".join(lines))
    return "\r\n".join(out) + "\r\n"


def run_case(case: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.load(data_dir=Path(tmp) / "data", env={})
        source = Path(tmp) / "cards.vcf"
        source.write_text(vcards(CARDS), encoding="utf-8")
        with Library.open(config) as library:
            if case == "50k":
                populate(library, LIBRARY)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started, cpu_started = time.perf_counter(), time.process_time()
            result = library.import_vcards(source)
            took, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            contacts = library.count_contacts()
        print(f"import {CARDS} vCards into {'an empty library' if case == 'empty' else f'{LIBRARY:,} contacts'}: "
              f"{took:.1f} s (goal <= {GOALS[case]:.0f} s; {cpu:.1f} s of CPU, the time on an idle machine), "
              f"{len(result.created)} new, "
              f"{len(result.duplicates)} possible duplicates, {contacts} contacts after; "
              f"peak memory {peak // 1024} MB (before the import {before // 1024} MB)", flush=True)


def main() -> int:
    if len(sys.argv) > 1:
        run_case(sys.argv[1])
        return 0
    status = 0
    for case in GOALS:
        status |= subprocess.call([sys.executable, "-m", "tests.bench.bench_import", case])
    return status


if __name__ == "__main__":
    sys.exit(main())
