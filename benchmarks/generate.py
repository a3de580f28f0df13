"""Write a valid synthetic ledger of N commitments, the same bytes for the same N and seed.

The mix follows how the real file is written by hand: unquoted dates and party codes (Norway's
`NO` among them), point and range quantities, conditions, French and Italian quotes with
accents, one to three sources, `supersedes` chains and a few disputes. Every fact is made up;
sources point at example.org.

    python benchmarks/generate.py 10000 -o ledger-10k.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# (code, name, kind, aliases, weight): big parties make more commitments than small ones.
PARTIES = (
    ("GB", "United Kingdom", "country", ("UK", "Britain"), 9),
    ("FR", "France", "country", ("République française",), 9),
    ("DE", "Germany", "country", ("Deutschland",), 7),
    ("IT", "Italy", "country", ("Italia",), 5),
    ("PL", "Poland", "country", ("Polska",), 5),
    ("ES", "Spain", "country", ("España",), 4),
    ("NL", "Netherlands", "country", ("Holland",), 4),
    ("NO", "Norway", "country", ("Norge",), 3),
    ("SE", "Sweden", "country", ("Sverige",), 3),
    ("DK", "Denmark", "country", ("Danmark",), 3),
    ("FI", "Finland", "country", ("Suomi",), 3),
    ("BE", "Belgium", "country", ("Belgique",), 3),
    ("CA", "Canada", "country", (), 4),
    ("AU", "Australia", "country", (), 2),
    ("JP", "Japan", "country", (), 2),
    ("TR", "Türkiye", "country", ("Turkey",), 3),
    ("CZ", "Czechia", "country", ("Czech Republic",), 2),
    ("RO", "Romania", "country", ("România",), 2),
    ("EE", "Estonia", "country", ("Eesti",), 2),
    ("LV", "Latvia", "country", ("Latvija",), 2),
    ("LT", "Lithuania", "country", ("Lietuva",), 2),
    ("PT", "Portugal", "country", (), 1),
    ("GR", "Greece", "country", ("Hellas",), 1),
    ("IE", "Ireland", "country", ("Éire",), 1),
    ("AT", "Austria", "country", ("Österreich",), 1),
    ("LU", "Luxembourg", "country", (), 1),
    ("IS", "Iceland", "country", ("Ísland",), 1),
    ("NZ", "New Zealand", "country", ("Aotearoa",), 1),
    ("HR", "Croatia", "country", ("Hrvatska",), 1),
    ("SI", "Slovenia", "country", ("Slovenija",), 1),
    ("EU", "European Union", "organisation", ("Union européenne",), 4),
    ("NATO", "North Atlantic Treaty Organization", "organisation", ("OTAN",), 2),
)
KINDS = (
    "troops", "hub", "monitoring", "maritime", "air", "training", "regeneration", "logistics",
    "command", "aid", "guarantee", "backstop", "declaration", "sanctions", "other",
)  # fmt: skip
STATUSES = ("committed", "conditional", "considering", "refused", "withdrawn", "fulfilled")
STATUS_WEIGHTS = (30, 30, 15, 12, 3, 10)
UNITS = ("troops", "troops", "troops", "aircraft", "ships", "instructors", "EUR", "EUR", "GBP", "USD")
CONDITIONS = (
    "a ceasefire in force",
    "a US backstop",
    "a parliamentary vote",
    "a UN Security Council mandate",
    "after a peace agreement is signed",
    "alongside European partners",
    "subject to the budget law",
)
QUOTES = (
    ("fr", "Ministère des Armées", "Nous serons prêts à déployer des forces après la cessation des hostilités"),
    ("fr", "Élysée", "La France prendra toute sa part aux garanties de sécurité, « sans naïveté »"),
    ("it", "Palazzo Chigi", "Nessun impiego di truppe italiane sul terreno, ma pieno sostegno alla coalizione"),
    ("de", "Bundesregierung", "Deutschland wird sich an der Überwachung eines Waffenstillstands beteiligen"),
    ("en", "Prime Minister's Office", "We will put boots on the ground to support a lasting peace"),
)
PUBLISHERS = (
    ("Élysée", "official"),
    ("Gov.uk", "official"),
    ("Le Monde", "major"),
    ("Reuters", "major"),
    ("El País", "major"),
    ("Corriere della Sera", "major"),
    ("Wikipedia", "aggregator"),
)
PLACES = ("Paris, Élysée Palace", "London, Lancaster House", "Rome, Palazzo Chigi", "Kyiv", "Brussels", "Virtual")


def write_ledger(stream: IO[str], commitments: int, seed: int = 2026) -> None:
    """The whole file, written as people write it: block style, plain scalars where they read well."""
    rng = random.Random(seed)
    meetings = _meetings(max(3, commitments // 250), rng)
    stream.write("schema: 1\nparties:\n")
    for code, name, kind, aliases, _ in PARTIES:
        stream.write(f"  - code: {code}\n    name: {name}\n    kind: {kind}\n")
        if aliases:
            stream.write(f"    aliases: [{', '.join(aliases)}]\n")
    stream.write("meetings:\n")
    for meeting in meetings:
        stream.write(meeting[2])
    stream.write("commitments:\n")
    stream.writelines(_commitments(commitments, meetings, rng))


def _meetings(count: int, rng: random.Random) -> list[tuple[str, dt.date, str]]:
    """(id, date, YAML text) of each meeting, three days apart."""
    start = dt.date(2025, 1, 6)
    result = []
    for index in range(count):
        date = start + dt.timedelta(days=3 * index)
        meeting_id = f"summit-{date.isoformat()}"
        place = PLACES[index % len(PLACES)]
        hosts = ", ".join(sorted(rng.sample(["FR", "GB", "IT", "DE"], rng.randint(1, 2))))
        attending = rng.randint(20, 35)
        text = (
            f"  - id: {meeting_id}\n"
            f"    date: {date.isoformat()}\n"
            f"    title: Synthetic coalition meeting {index + 1}\n"
            f"    place: {place}\n"
            f"    hosts: [{hosts}]\n"
            f"    format: {'virtual' if place == 'Virtual' else 'in-person'}\n"
            f"    participants:\n"
            f"      count: {attending}\n"
            f'      as_stated: "{attending} pays et organisations"\n'
            f"    sources:\n"
            f"      - url: https://example.org/meetings/{meeting_id}\n"
            f"        publisher: Élysée\n"
            f"        date: {date.isoformat()}\n"
            f"        reliability: official\n"
        )
        result.append((meeting_id, date, text))
    return result


def _commitments(count: int, meetings: list[tuple[str, dt.date, str]], rng: random.Random) -> Iterator[str]:
    codes = [p[0] for p in PARTIES]
    weights = [p[4] for p in PARTIES]
    # The latest commitment of each (party, kind) lineage, and the meeting it was made at.
    latest: dict[tuple[str, str], tuple[str, int]] = {}
    for number in range(count):
        meeting_index = number * len(meetings) // count
        meeting_id, date, _ = meetings[meeting_index]
        party = rng.choices(codes, weights)[0]
        kind = rng.choice(KINDS)
        commitment_id = f"{party.lower()}-{kind}-{number:06d}"
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        lines = [
            f"  - id: {commitment_id}\n",
            f"    party: {party}\n",
            f"    meeting: {meeting_id}\n",
            f"    kind: {kind}\n",
            f"    status: {status}\n",
            f"    summary: Synthetic commitment {number} on {kind}, stated at meeting {meeting_index + 1}\n",
        ]
        lines += _quantity(rng)
        if rng.random() < 0.3:
            lines.append(f"    period: {rng.choice(('2026-2027', 'until the end of 2026', 'three years'))}\n")
        if status == "conditional" or rng.random() < 0.2:
            lines.append("    conditions:\n")
            lines += [f"      - {c}\n" for c in rng.sample(CONDITIONS, rng.randint(1, 3))]
        if rng.random() < 0.35:
            lang, speaker, text = rng.choice(QUOTES)
            lines.append(f'    quote:\n      text: "{text}"\n      lang: {lang}\n      speaker: {speaker}\n')
        lines.append("    sources:\n")
        lines += _sources(rng, number, date, rng.choices((1, 2, 3), (60, 30, 10))[0])
        previous = latest.get((party, kind))
        if previous is not None and previous[1] < meeting_index and rng.random() < 0.6:
            lines.append(f"    supersedes: {previous[0]}\n")
        latest[(party, kind)] = (commitment_id, meeting_index)
        if rng.random() < 0.1:
            lines.append("    notes: >\n      Synthetic note: the figure was restated by officials the next day,\n")
            lines.append("      and the exact timing remains open.\n")
        if rng.random() < 0.05:
            lines.append("    disputed:\n      - reason: Another outlet reports a smaller figure\n        sources:\n")
            lines += ["    " + line for line in _sources(rng, number + count, date, 1)]
        if rng.random() < 0.5:
            lines.append(f"    refs: [S{number}-A{rng.randint(1, 9)}]\n")
        yield "".join(lines)


def _quantity(rng: random.Random) -> list[str]:
    """A point value (45 %), an interval (30 %, some open-ended) or nothing (25 %)."""
    draw = rng.random()
    if draw >= 0.75:
        return []
    unit = rng.choice(UNITS)
    low = rng.randint(1, 200) * (10_000_000 if unit.isupper() else 50)
    if draw < 0.45:
        high, stated = str(low), f"{low:,}"
    elif draw < 0.68:
        high = str(low * rng.randint(2, 4))
        stated = f"between {low:,} and {high}"
    else:
        high, stated = "null", f"plusieurs milliers, au moins {low}"
    return [
        "    quantity:\n",
        f"      low: {low}\n",
        f"      high: {high}\n",
        f"      unit: {unit}\n",
        f'      as_stated: "{stated}"\n',
    ]


def _sources(rng: random.Random, number: int, date: dt.date, count: int) -> list[str]:
    """The first source is official or major, so no commitment rests on weak sources alone."""
    picks = [rng.choice(PUBLISHERS[:6]), *rng.sample(PUBLISHERS, count - 1)]
    lines = []
    for index, (publisher, reliability) in enumerate(picks):
        lines.append(f"      - url: https://example.org/sources/{number}/{index}\n")
        lines.append(f"        publisher: {publisher}\n")
        if rng.random() < 0.9:
            lines.append(f"        date: {date.isoformat()}\n")
        lines.append(f"        reliability: {reliability}\n")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("commitments", type=int, help="how many commitments to write")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    args = parser.parse_args(argv)
    if args.output is None:
        write_ledger(sys.stdout, args.commitments, args.seed)
        return
    with args.output.open("w", encoding="utf-8") as stream:
        write_ledger(stream, args.commitments, args.seed)


if __name__ == "__main__":
    main()
