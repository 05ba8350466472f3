"""Write a realistic synthetic knelpunt repository of N bottlenecks.

    python benchmarks/generate.py 10000 /tmp/bench-10k

Per 1,000 bottlenecks: 250 initiatives, 60 meetings, 40 actors, 100 workarounds,
and 0-4 history entries per bottleneck (about 2 on average). Bottlenecks are
about 4 KB each: a multi-paragraph Dutch description, lists of reporters and
meetings. The result passes ``knelpunt check``. Records are written as text
in the house style (not through ruamel) so that generating 50,000 is quick.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
SENTENCES = [
    "De gemeente vraagt voor een kleine subsidie dezelfde verantwoording als van een grote "
    "zorginstelling, en de vrijwillige bestuurders besteden er hele avonden aan.",
    "Zorgcoöperaties vallen onder de vennootschapsbelasting, terwijl zorgverzekeraars die ook "
    "coöperaties zijn daar wel van zijn vrijgesteld.",
    "Voor het opzetten van projecten is vaak geld, maar de vaste lasten voor onderdak en "
    "terugkerende activiteiten kan het dorp niet dragen.",
    "Vrijwilligers met een uitkering weten niet of zij mogen helpen: het ene kantoor staat het "
    "toe, het andere dreigt met een korting.",
    "Inkoop en aanbesteding zijn gericht op grote aanbieders; een initiatief komt er nauwelijks "
    "tussen en de regelingen zijn complex.",
    "De Wmo, de Zorgverzekeringswet en de Wet langdurige zorg hebben ieder hun eigen "
    "geldstromen en uitvoerders, met drie loketten voor één dorp.",
    "Startende dorpen vragen de koplopers om raad, maar die kunnen de vraag niet meer aan en "
    "raken overbelast.",
    "De Right to Challenge is bij veel gemeenten onbekend, en initiatiefnemers weten niet hoe "
    "zij het recht in de praktijk kunnen gebruiken.",
]
WORDS = [
    "zorg",
    "vervoer",
    "ontmoeting",
    "wonen",
    "dagbesteding",
    "maaltijden",
    "mantelzorg",
    "buurthuis",
    "vrijwilligers",
    "subsidie",
    "verantwoording",
    "inkoop",
    "belasting",
    "gemeente",
    "provincie",
]


def rid(prefix: str, rng: random.Random) -> str:
    chars = "".join(rng.choice(ALPHABET) for _ in range(10))
    return f"{prefix}-{chars[:5]}-{chars[5:]}"


def block(text: str) -> str:
    return "|-\n" + "\n".join(f"  {line}" if line else "" for line in text.split("\n"))


def items(values: list[str]) -> str:
    return "\n" + "\n".join(f"  - {v}" for v in values) if values else " []"


def header(kind: str) -> str:
    depth = "../../../" if kind == "update" else "../../"
    return f"# yaml-language-server: $schema={depth}schemas/{kind}.schema.json\n"


def generate(count: int, out: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    shutil.copy(ROOT / "knelpunt.yaml", out / "knelpunt.yaml")
    # The example's routing rules name the example's actors: keep those actors.
    shutil.copytree(ROOT / "data" / "actors", out / "data" / "actors")
    shutil.copytree(ROOT / "schemas", out / "schemas")
    (out / ".gitignore").write_text(".knelpunt-cache/\n")
    folders = {
        k: out / "data" / k
        for k in ("initiatives", "meetings", "bottlenecks", "actors", "solutions", "updates")
    }
    for folder in folders.values():
        folder.mkdir(exist_ok=True)
    regions = [
        "zuid-limburg",
        "noord-limburg",
        "oost-brabant",
        "noord-nederland",
        "noord-holland-noord",
        "west-brabant-zeeland",
    ]
    provinces = {
        "zuid-limburg": "limburg",
        "noord-limburg": "limburg",
        "oost-brabant": "noord-brabant",
        "noord-nederland": "groningen",
        "noord-holland-noord": "noord-holland",
        "west-brabant-zeeland": "zeeland",
    }
    actors = sorted(p.stem for p in folders["actors"].glob("*.yaml"))
    for _ in range(max(1, count * 40 // 1000) - len(actors)):
        aid = rid("ac", rng)
        actors.append(aid)
        (folders["actors"] / f"{aid}.yaml").write_text(
            header("actor") + f"id: {aid}\nname: Gemeente {rng.choice(WORDS).title()}"
            f"{rng.randint(1, 999)}\ntype: municipality\nlevel: local\n"
        )
    initiatives = []
    for _ in range(max(1, count // 4)):
        iid = rid("in", rng)
        initiatives.append(iid)
        region = rng.choice(regions)
        province = provinces[region] if region != "noord-nederland" else "drenthe"
        (folders["initiatives"] / f"{iid}.yaml").write_text(
            header("initiative") + f"id: {iid}\nname: Zorgcoöperatie {rng.choice(WORDS).title()} "
            f"{rng.randint(1, 9999)}\nlegal_form: {rng.choice(['cooperative', 'association', 'foundation'])}\n"
            f"phase: {rng.randint(1, 3)}\nmunicipality: Dorp {rng.randint(1, 400)}\n"
            f"province: {province}\nregion: {region}\nfocus:{items(['care-welfare'])}\n"
            f"contact:\n  name: Persoon {rng.randint(1, 99999)}\n  email: p{rng.randint(1, 99999)}@voorbeeld.nl\n"
        )
    meetings = []
    attended: dict[str, list[str]] = {}
    for _ in range(max(1, count * 60 // 1000)):
        mid = rid("bk", rng)
        meetings.append(mid)
        present = rng.sample(initiatives, min(10, len(initiatives)))
        attended[mid] = present
        (folders["meetings"] / f"{mid}.yaml").write_text(
            header("meeting") + f"id: {mid}\ntitle: Verkenning {rng.randint(1, 999)}\n"
            f"date: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}\ntype: explorer\n"
            f"explorer: Verkenner {rng.randint(1, 8)}\nregion: {rng.choice(regions)}\n"
            f"initiatives:{items(present)}\n"
        )
    solutions = []
    for _ in range(max(1, count // 10)):
        sid = rid("ol", rng)
        solutions.append(sid)
        (folders["solutions"] / f"{sid}.yaml").write_text(
            header("solution") + f"id: {sid}\ntitle: Olifantenpad {rng.randint(1, 9999)}\n"
            f"description: {block(rng.choice(SENTENCES))}\ntheme: finance\n"
            f"found_by:{items([rng.choice(initiatives)])}\n"
        )
    statuses = [
        ["on-agenda"],
        ["on-agenda", "routed"],
        ["on-agenda", "routed", "in-progress"],
        ["on-agenda", "routed", "in-progress", "resolved"],
        [],
    ]
    for _ in range(count):
        bid = rid("kp", rng)
        paragraphs = "\n\n".join(" ".join(rng.sample(SENTENCES, 4)) for _ in range(3))
        # Reported at one or two meetings, by initiatives that were there (as 'check' wants).
        at = rng.sample(meetings, min(len(meetings), rng.randint(1, 2)))
        present = sorted({i for m in at for i in attended[m]})
        reporters = rng.sample(present, min(len(present), rng.randint(1, 4)))
        (folders["bottlenecks"] / f"{bid}.yaml").write_text(
            header("bottleneck") + f"# Opgehaald tijdens een verkenning\nid: {bid}\n"
            f"title: Knelpunt over {rng.choice(WORDS)} en {rng.choice(WORDS)} {rng.randint(1, 99999)}\n"
            f"description: {block(paragraphs)}\n"
            f"theme: {rng.choice(['cooperation', 'regulation', 'finance'])}\n"
            f"type: {rng.choice(['hard', 'implementation', 'culture'])}\n"
            f"laws:{items(rng.sample(['wmo', 'zvw', 'wlz', 'vpb'], rng.randint(0, 2)))}\n"
            f"severity: {rng.randint(1, 5)}  # ingeschat door de verkenner\n"
            f"reported_on: 2026-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}\n"
            f"reported_by:{items(reporters)}\n"
            f"meetings:{items(at)}\n"
            f"solutions:{items(rng.sample(solutions, rng.randint(0, 1)))}\n"
        )
        path = rng.choice(statuses)
        if path:
            (folders["updates"] / bid).mkdir()
        for step, status in enumerate(path):
            uid = f"2026{7 + step:02d}01-1000{step:02d}-{''.join(rng.choice(ALPHABET) for _ in range(5))}"
            extra = ""
            if status == "routed":
                extra = f"level: national\naddressees:{items([rng.choice(actors)])}\n"
            (folders["updates"] / bid / f"{uid}.yaml").write_text(
                header("update")
                + f"id: {uid}\ndate: 2026-{7 + step:02d}-01\nby: Coördinatiegroep\n"
                f"status: {status}\nnote: Besproken in de coördinatiegroep.\n{extra}"
            )


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
