"""Generate six months of realistic data for the B2B SaaS example (seeded).

    python examples/b2b-saas/generate.py [--seed 11] [--out examples/b2b-saas/data]

Writes, in the shape of the exports socialgoals' CSV presets read:

- ``linkedin_page_metrics.csv``: LinkedIn page analytics, one row per day
  (preset ``linkedin_page_metrics``);
- ``linkedin_followers.csv``: new followers per day (preset ``linkedin_followers``);
- ``linkedin_ads.csv``: LinkedIn Campaign Manager results by day and campaign,
  in the tidy long form with a campaign column (preset ``long`` with
  ``campaign_column=campaign``): spend, impressions, clicks, sign-ups;
- ``crm_leads.csv``: qualified leads per day from UTM-tagged forms (preset ``long``);
- ``inbox.jsonl``: LinkedIn comments and messages in French and English.

The same seed always writes the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

START = date(2026, 1, 1)
END = date(2026, 7, 1)  # exclusive
Q2 = date(2026, 4, 1)
PARIS = ZoneInfo("Europe/Paris")
HERE = Path(__file__).resolve().parent

NAMES = ["Marc Lefèvre", "Sophie Durand", "Karim Benali", "Julie Petit", "Thomas Girard",
         "Anna Schmidt", "David Clarke", "Emily Jones", "Pierre Morel", "Claire Fabre"]  # fmt: skip
MESSAGES = {
    "demo": [
        ("fr", "Bonjour, est-il possible d'avoir une démo pour une équipe de 40 techniciens ?"),
        ("fr", "Quels sont vos tarifs pour 200 agents ? Nous voudrions un devis."),
        ("en", "Could we book a demo next week? We run a 30-person service desk."),
        ("en", "What is your pricing for the enterprise plan?"),
    ],
    "webinar": [
        ("fr", "Le webinaire sera-t-il disponible en replay ?"),
        ("en", "Where do I register for the webinar?"),
    ],
    "support": [
        ("fr", "Nous avons une erreur de synchronisation depuis ce matin."),
        ("en", "Is there an outage? Our tickets are not loading."),
    ],
    "praise": [
        ("fr", "Très bon article sur la gestion des incidents, merci."),
        ("en", "Great post on ITIL change management, thanks for sharing."),
    ],
    "legal": [("fr", "Où sont hébergées les données ? Notre DPO demande la conformité RGPD.")],
}
WEIGHTS = {"demo": 30, "webinar": 15, "support": 15, "praise": 38, "legal": 2}
BRAND = {"id": "flowdesk", "name": "Flowdesk", "handle": "flowdesk", "is_vip": False,
         "follower_count": 0, "is_brand": True}  # fmt: skip


def days() -> list[date]:
    return [START + timedelta(days=i) for i in range((END - START).days)]


def q2_share(day: date) -> float:
    return 0.0 if day < Q2 else (day - Q2).days / (END - Q2).days


def page_metrics(rng: random.Random) -> list[dict[str, object]]:
    """Daily page analytics; the organic engagement rate moves from 3.0% to about 3.4%."""
    rows: list[dict[str, object]] = []
    for day in days():
        weekday = day.weekday() < 5
        organic = int(
            rng.uniform(900, 1400) * (1.0 if weekday else 0.35) * (1 + 0.3 * q2_share(day))
        )
        paid = int(rng.uniform(300, 700)) if day >= Q2 else 0
        total = organic + paid
        rate = (3.0 + 0.45 * q2_share(day)) * rng.uniform(0.85, 1.15) / 100
        interactions = round(organic * rate)
        reactions = round(interactions * 0.8)
        comments = round(interactions * 0.12)
        rows.append({
            "Date": day.strftime("%m/%d/%Y"),
            "Impressions (organic)": organic,
            "Impressions (sponsored)": paid,
            "Impressions (total)": total,
            "Unique impressions (organic)": int(organic * 0.7),
            "Clicks (total)": round(total * rng.uniform(0.008, 0.014)),
            "Reactions (total)": reactions,
            "Comments (total)": comments,
            "Reposts (total)": max(0, interactions - reactions - comments),
            "Engagement rate (total)": f"{rate:.4f}",
        })  # fmt: skip
    return rows


def followers(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for day in days():
        organic = max(0, round(rng.gauss(6, 2) * (1 + q2_share(day))))
        paid = max(0, round(rng.gauss(3, 1.5))) if day >= Q2 else 0
        rows.append({"Date": day.strftime("%m/%d/%Y"), "Organic followers": organic,
                     "Sponsored followers": paid, "Total followers": organic + paid})  # fmt: skip
    return rows


def ads(rng: random.Random) -> list[dict[str, object]]:
    """Lead-gen ads all quarter; the June webinar campaign at about 7.5 EUR per sign-up."""
    rows: list[dict[str, object]] = []

    def add(day: date, campaign: str, metric: str, value: float) -> None:
        rows.append({"date": day.isoformat(), "platform": "linkedin", "campaign": campaign,
                     "metric": metric, "value": round(value, 2)})  # fmt: skip

    for day in days():
        if day >= Q2:
            spend = rng.uniform(35, 45)
            impressions = spend * rng.uniform(45, 60)
            add(day, "always-on-leadgen", "spend", spend)
            add(day, "always-on-leadgen", "impressions", int(impressions))
            add(day, "always-on-leadgen", "clicks", int(impressions * rng.uniform(0.006, 0.01)))
        if date(2026, 6, 1) <= day <= date(2026, 6, 24):
            signups = max(0, round(rng.gauss(4.6, 1.6)))
            spend = signups * rng.uniform(6.0, 7.6) + rng.uniform(1, 3)
            impressions = spend * rng.uniform(50, 70)
            add(day, "webinar-june", "spend", spend)
            add(day, "webinar-june", "impressions", int(impressions))
            add(day, "webinar-june", "clicks", int(impressions * rng.uniform(0.01, 0.015)))
            add(day, "webinar-june", "form_submissions", signups)
            add(day, "webinar-june", "conversions", signups)
    return rows


def crm_leads(rng: random.Random) -> list[dict[str, object]]:
    """Qualified leads from UTM-tagged forms: about 0.8 a day, 1.4 a day in Q2."""
    rows: list[dict[str, object]] = []
    for day in days():
        mean = (1.0 + (0.45 + 0.6 * q2_share(day)) * (day >= Q2)) * (
            1.0 if day.weekday() < 5 else 0.3
        )
        leads = sum(rng.random() < mean / 3 for _ in range(3))
        rows.append({"date": day.isoformat(), "platform": "linkedin", "metric": "leads",
                     "value": leads})  # fmt: skip
    return rows


def inbox(rng: random.Random) -> list[dict[str, object]]:
    lines: list[dict[str, object]] = []
    topics = list(WEIGHTS)
    n = 0
    for day in days():
        for _ in range(max(0, round(rng.gauss(3.0 if day.weekday() < 5 else 0.8, 1.0)))):
            n += 1
            topic = rng.choices(topics, [WEIGHTS[t] for t in topics])[0]
            lang, text = rng.choice(MESSAGES[topic])
            kind = "dm" if topic in ("demo", "support", "legal") else "comment"
            name = rng.choice(NAMES)
            who = {"id": f"li{n:05d}", "name": name, "handle": None, "is_vip": rng.random() < 0.03,
                   "follower_count": rng.randint(200, 9000), "is_brand": False}  # fmt: skip
            local = datetime(day.year, day.month, day.day, rng.randint(8, 19), rng.randint(0, 59),
                             tzinfo=PARIS)  # fmt: skip
            at = local.astimezone(UTC)
            thread = f"li-t{n:05d}"
            lines.append(_message(f"li-m{n:05d}a", kind, thread, who, text, at, lang))
            if rng.random() < 0.92:
                delay = timedelta(hours=rng.gammavariate(2.0, 1.2 - 0.5 * q2_share(day)))
                reply = (
                    "Merci, on revient vers vous."
                    if lang == "fr"
                    else "Thanks, we'll get back to you."
                )
                lines.append(
                    _message(f"li-m{n:05d}b", kind, thread, BRAND, reply, at + delay, lang)
                )
    lines.sort(key=lambda m: (str(m["received_at"]), str(m["id"])))
    return lines


def _message(mid: str, kind: str, thread: str, who: dict[str, object], text: str, at: datetime,
             lang: str) -> dict[str, object]:  # fmt: skip
    return {"id": mid, "platform": "linkedin", "kind": kind, "thread_id": thread, "author": who,
            "text": text, "received_at": at.isoformat(), "language": lang}  # fmt: skip


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(out: Path, seed: int = 11) -> list[Path]:
    """Write every data file under ``out``; returns their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "linkedin_page_metrics.csv": page_metrics(rng),
        "linkedin_followers.csv": followers(rng),
        "linkedin_ads.csv": ads(rng),
        "crm_leads.csv": crm_leads(rng),
    }
    written = []
    for name, rows in files.items():
        write_csv(out / name, rows)
        written.append(out / name)
    with (out / "inbox.jsonl").open("w", encoding="utf-8", newline="\n") as f:
        for line in inbox(rng):
            f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    written.append(out / "inbox.jsonl")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=HERE / "data")
    args = parser.parse_args()
    for path in generate(args.out, args.seed):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
