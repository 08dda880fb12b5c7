"""Generate six months of realistic data for the coffee-roaster example (seeded).

    python examples/coffee-roaster/generate.py [--seed 7] [--out examples/coffee-roaster/data]

Writes, in the shape of the exports socialgoals' CSV presets read:

- ``instagram_posts.csv`` / ``facebook_posts.csv``: Meta Business Suite post
  exports (preset ``meta_instagram_posts`` / ``meta_facebook_posts``);
- ``meta_ads_daily.csv``: a Meta Ads Manager report by day (preset ``meta_ads_daily``);
- ``shop_daily.csv``: orders from Instagram DMs and follower counts, a tidy
  long file (preset ``long``);
- ``attribution.csv``: customers attributed to each paid campaign and creator
  fees (preset ``long`` with a campaign column);
- ``inbox.jsonl``: the DM and comment log in French and English, one message
  per line (the ``jsonl`` conversation source).

The same seed always writes the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

START = date(2026, 1, 1)
END = date(2026, 7, 1)  # exclusive
PARIS = ZoneInfo("Europe/Paris")
OBJECTIVES_START = date(2026, 4, 1)
HERE = Path(__file__).resolve().parent

FIRST_NAMES = [
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Nathan",
    "Inès",
    "Jules",
    "Camille",
    "Emma",
    "Oliver",
    "Sophie",
    "James",
    "Amelia",
    "Noah",
    "Zoé",
    "Louis",
    "Sarah",
]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Simon", "Smith", "Brown",
              "Lefèvre", "Garcia", "Roux", "Fontaine", "Taylor", "Wilson"]  # fmt: skip

# (topic, language, text): what customers write.
MESSAGES = {
    "shipping": [
        ("fr", "Bonjour, vous livrez à Lyon ? Quel délai de livraison ?"),
        ("fr", "Mon colis a été expédié ? J'ai commandé lundi."),
        ("fr", "C'est combien la livraison pour la Belgique ?"),
        ("en", "Hi! Do you ship to Brussels? How long does delivery take?"),
        ("en", "When will my parcel ship?"),
    ],
    "sales": [
        ("fr", "Quel est le prix du paquet de 250 g d'Éthiopie Guji ?"),
        ("fr", "Je voudrais commander deux paquets pour un cadeau."),
        ("fr", "Vous proposez un abonnement mensuel ? C'est quel tarif ?"),
        ("en", "How much is the coffee subscription?"),
        ("en", "Can I order the espresso blend in whole beans?"),
    ],
    "praise": [
        ("fr", "Merci, le Guji est délicieux 😍"),
        ("fr", "Bravo pour la nouvelle torréfaction !"),
        ("en", "Love the new roast, thanks!"),
        ("en", "Delicious coffee, thanks for the tips on the V60"),
    ],
    "question": [
        ("fr", "Vous êtes ouverts le dimanche ?"),
        ("fr", "Quelle mouture pour une cafetière italienne ?"),
        ("en", "Which beans would you suggest for a moka pot?"),
    ],
    "complaint": [
        ("fr", "Colis jamais reçu, je suis déçu."),
        ("fr", "Le paquet est arrivé cassé, je voudrais un remboursement."),
        ("en", "My parcel arrived broken, I'd like a refund."),
        ("en", "Really disappointed, the order never arrived."),
    ],
    "legal": [
        ("fr", "Intoxication après votre café ? Je vais porter plainte."),
    ],
    "spam": [
        ("en", "Gagnez des followers ici https://spam.example/promo crypto giveaway"),
    ],
}
TOPIC_WEIGHTS = {"shipping": 28, "sales": 26, "praise": 20, "question": 16, "complaint": 7,
                 "legal": 1, "spam": 2}  # fmt: skip
BRAND_REPLIES = {
    "fr": "Merci pour votre message, on s'en occupe !",
    "en": "Thanks for your message, we're on it!",
}
PILLARS = ["product", "community", "education"]


def progress_share(day: date) -> float:
    """0 before the objectives start, rising to 1 at the end of the data."""
    if day < OBJECTIVES_START:
        return 0.0
    return (day - OBJECTIVES_START).days / (END - OBJECTIVES_START).days


def days() -> list[date]:
    return [START + timedelta(days=i) for i in range((END - START).days)]


def us_stamp(moment: datetime) -> str:
    return moment.strftime("%m/%d/%Y %H:%M")


def posts(rng: random.Random, platform: str, per_week: float, rate: tuple[float, float],
          followers: tuple[int, int]) -> list[dict[str, object]]:  # fmt: skip
    """One export row per post; the engagement rate moves from rate[0] to rate[1]."""
    rows: list[dict[str, object]] = []
    for day in days():
        if rng.random() >= per_week / 7:
            continue
        share = progress_share(day)
        reach_base = followers[0] + (followers[1] - followers[0]) * (day - START).days / 181
        impressions = int(reach_base * rng.uniform(0.5, 1.3) * (1.6 if platform == "ig" else 1.2))
        target_rate = (rate[0] + (rate[1] - rate[0]) * share) * rng.uniform(0.8, 1.2) / 100
        interactions = max(1, round(impressions * target_rate))
        likes = round(interactions * rng.uniform(0.78, 0.86))
        comments = round(interactions * rng.uniform(0.06, 0.12))
        shares = max(0, interactions - likes - comments)
        posted = datetime(day.year, day.month, day.day, rng.choice([8, 12, 18, 19]),
                          rng.choice([0, 15, 30, 45]))  # fmt: skip
        rows.append({
            "Post ID": f"{platform}-{len(rows) + 1:04d}",
            "Account ID": f"brulerie.{platform}",
            "Publish time": us_stamp(posted),
            "Description": f"[{rng.choice(PILLARS)}] post",
            "Impressions": impressions,
            "Reach": int(impressions * rng.uniform(0.6, 0.8)),
            "Likes": likes,
            "Comments": comments,
            "Shares": shares,
            "Saves": round(interactions * rng.uniform(0.05, 0.15)),
            "Total clicks": round(impressions * rng.uniform(0.004, 0.009)),
        })  # fmt: skip
    return rows


def ads(rng: random.Random) -> list[dict[str, object]]:
    """Daily rows of three paid campaigns."""
    campaigns = [
        ("spring-beans", date(2026, 3, 16), date(2026, 5, 1), 18.0),
        ("subscription", date(2026, 5, 1), date(2026, 7, 1), 14.0),
        ("fathers-day", date(2026, 6, 1), date(2026, 6, 22), 25.0),
    ]
    rows: list[dict[str, object]] = []
    for day in days():
        for name, first, end, budget in campaigns:
            if not first <= day < end:
                continue
            spend = round(budget * rng.uniform(0.85, 1.1), 2)
            impressions = int(spend * rng.uniform(140, 190))
            clicks = int(impressions * rng.uniform(0.009, 0.014))
            rows.append({
                "Reporting starts": day.isoformat(),
                "Campaign name": name,
                "Reach": int(impressions * 0.7),
                "Impressions": impressions,
                "Link clicks": int(clicks * 0.8),
                "Clicks (all)": clicks,
                "Purchases": sum(rng.random() < 0.04 for _ in range(clicks)),
                "Amount spent (EUR)": f"{spend:.2f}",
            })  # fmt: skip
    return rows


def attribution(rng: random.Random, ad_rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Customers the shop attributes to each campaign (first order), creator fees."""
    fees = (("subscription", date(2026, 5, 4), 150), ("fathers-day", date(2026, 6, 1), 150))
    rows: list[dict[str, object]] = []
    for row in ad_rows:
        purchases = int(str(row["Purchases"]))
        customers = sum(rng.random() < 0.8 for _ in range(purchases))
        day = str(row["Reporting starts"])
        campaign = row["Campaign name"]
        fee = next((f for c, d, f in fees if c == campaign and d.isoformat() == day), 0)
        rows.append({"date": day, "platform": "facebook", "campaign": campaign,
                     "metric": "attributed_customers", "value": customers})  # fmt: skip
        rows.append({"date": day, "platform": "facebook", "campaign": campaign,
                     "metric": "creator_fees", "value": fee})  # fmt: skip
    return sorted(rows, key=lambda r: (str(r["date"]), str(r["campaign"]), str(r["metric"])))


def author(rng: random.Random, n: int) -> dict[str, object]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    vip = rng.random() < 0.02
    return {
        "id": f"u{n:05d}",
        "name": f"{first} {last}",
        "handle": f"{first.lower()}.{last.lower()}",
        "is_vip": vip,
        "follower_count": rng.randint(20000, 90000) if vip else rng.randint(40, 2500),
        "is_brand": False,
    }


BRAND = {"id": "brulerie", "name": "Brûlerie du Canal", "handle": "brulerieducanal",
         "is_vip": False, "follower_count": 0, "is_brand": True}  # fmt: skip


def reply_delay_hours(rng: random.Random, day: date) -> float:
    """Mean first response time: 6 h until April, then down to about 2.5 h in June."""
    mean = 6.0 - 3.6 * progress_share(day)
    return max(0.1, rng.gammavariate(2.0, mean / 2.0))


def inbox(rng: random.Random) -> tuple[list[dict[str, object]], dict[date, int]]:
    """The message log and, per day, the Instagram DM conversations started."""
    lines: list[dict[str, object]] = []
    ig_dms: dict[date, int] = {}
    topics = list(TOPIC_WEIGHTS)
    weights = [TOPIC_WEIGHTS[t] for t in topics]
    n = 0
    for day in days():
        count = max(0, round(rng.gauss(6.5, 2.0)))
        bursts: list[tuple[str, int, int]] = []
        if day == date(2026, 6, 24):
            bursts.append(("praise", 18, 20))  # a Reel goes viral at 20:00
        if day == date(2026, 6, 26):
            bursts.append(("complaint", 9, 14))  # the carrier loses a batch of parcels
        plan = [(rng.choices(topics, weights)[0], None) for _ in range(count)]
        plan += [(topic, hour) for topic, k, hour in bursts for _ in range(k)]
        for topic, hour in plan:
            n += 1
            lang, text = rng.choice(MESSAGES[topic])
            channel = rng.random()
            platform = "instagram" if channel < 0.75 else "facebook"
            kind = "dm" if rng.random() < 0.7 and topic != "spam" else "comment"
            if hour is not None:
                kind = "comment"
            local = datetime(day.year, day.month, day.day,
                             hour if hour is not None else rng.randint(7, 22),
                             rng.randint(0, 59), tzinfo=PARIS)  # fmt: skip
            received = local.astimezone(UTC)
            thread = f"t{n:05d}"
            if platform == "instagram" and kind == "dm":
                ig_dms[day] = ig_dms.get(day, 0) + 1
            who = author(rng, n)
            lines.append(message(f"m{n:05d}a", platform, kind, thread, who, text, received, lang))
            answered = rng.random() < 0.9 + 0.07 * progress_share(day) and topic != "spam"
            late_june = day >= date(2026, 6, 26) and topic in ("complaint", "legal")
            if answered and not late_june:
                delay = timedelta(hours=reply_delay_hours(rng, day))
                lines.append(message(f"m{n:05d}b", platform, kind, thread, BRAND,
                                     BRAND_REPLIES[lang], received + delay, lang))  # fmt: skip
                if rng.random() < 0.25:
                    follow = received + delay + timedelta(minutes=rng.randint(5, 90))
                    thanks = "Merci !" if lang == "fr" else "Thanks!"
                    lines.append(message(f"m{n:05d}c", platform, kind, thread, who, thanks,
                                         follow, lang))  # fmt: skip
    lines.sort(key=lambda m: (str(m["received_at"]), str(m["id"])))
    return lines, ig_dms


def message(mid: str, platform: str, kind: str, thread: str, who: dict[str, object], text: str,
            at: datetime, lang: str) -> dict[str, object]:  # fmt: skip
    return {"id": mid, "platform": platform, "kind": kind, "thread_id": thread, "author": who,
            "text": text, "received_at": at.isoformat(), "language": lang}  # fmt: skip


def shop(rng: random.Random, ig_dms: dict[date, int]) -> list[dict[str, object]]:
    """Orders placed after an Instagram DM (10% -> about 11.3%) and daily follower counts."""
    rows: list[dict[str, object]] = []
    ig, fb = 4200.0, 2600.0
    carry = 0.0
    for day in days():
        rate = (0.10 + 0.013 * progress_share(day)) * rng.uniform(0.9, 1.1)
        carry += rate * ig_dms.get(day, 0)
        orders = math.floor(carry)
        carry -= orders
        ig += rng.gauss(9, 4) + 6 * progress_share(day)
        fb += rng.gauss(2, 2)
        rows.extend((
            {"date": day.isoformat(), "platform": "instagram", "metric": "orders", "value": orders},
            {"date": day.isoformat(), "platform": "instagram", "metric": "followers",
             "value": math.floor(ig)},
            {"date": day.isoformat(), "platform": "facebook", "metric": "followers",
             "value": math.floor(fb)},
        ))  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(out: Path, seed: int = 7) -> list[Path]:
    """Write every data file under ``out``; returns their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    ad_rows = ads(rng)
    files = {
        "instagram_posts.csv": posts(rng, "ig", 4.0, (2.0, 2.5), (4200, 5600)),
        "facebook_posts.csv": posts(rng, "fb", 3.0, (1.4, 1.6), (2600, 2900)),
        "meta_ads_daily.csv": ad_rows,
        "attribution.csv": attribution(rng, ad_rows),
    }
    log, ig_dms = inbox(rng)
    files["shop_daily.csv"] = shop(rng, ig_dms)
    written = []
    for name, rows in files.items():
        write_csv(out / name, rows)
        written.append(out / name)
    with (out / "inbox.jsonl").open("w", encoding="utf-8", newline="\n") as f:
        for line in log:
            f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    written.append(out / "inbox.jsonl")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "data")
    args = parser.parse_args()
    for path in generate(args.out, args.seed):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
