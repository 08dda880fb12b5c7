"""Benchmark: triage (match, route, SLA due time) against a naive loop and RE2 Set.

100,000 seeded synthetic comments and DMs (French and English, with emoji,
about 110 characters on average), 20 rules holding 200 keywords and phrases,
about 20% of messages hit at least one rule.

Peers, in the same run and on the same messages:

* ``naive``: what a user would write: normalise the text once, then one
  ``re.search`` per rule (each rule one alternation of its keywords).
* ``re2_set``: google-re2's ``Set`` holding the same 20 patterns, matching the
  already-normalised texts (matching alone: normalisation is not timed, which
  favours the peer). ``re2_set_with_normalize`` adds the normalisation.

Times are CPU time of this process (``time.process_time``), best of N runs,
with the garbage collector off during each run as :mod:`timeit` does, so that
other processes on a busy machine and the collection of earlier results
disturb the ratios less. The peers' runs are taken in turns (ours, naive,
RE2, ours, ...), so that a change of load during the run hits all of them.

``ours`` is the whole socialgoals pipeline: :class:`~socialgoals.community.Triage`
``decide()`` per message, which normalises, matches every rule in one pass,
routes matched messages through the default escalation matrix and computes
their SLA due times in business hours; ``ours_match_only`` is its matching
step alone (normalisation included), for a like-for-like look at RE2. The
script checks that all three give the same rule hits for every message, and
prints one JSON object last.

With the ``re2`` extra installed, socialgoals runs *regex conditions* on RE2;
keyword and phrase matching always uses the token index, never RE2, so
``ratio_vs_re2_set_with_extra`` is
the same measurement as ``ratio_vs_re2_set`` and ``re2_used_for_keywords`` is
false.

Usage: ``python benchmarks/bench_triage.py [--quick] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from socialgoals.community.escalation import EscalationMatrix
from socialgoals.community.hours import BusinessHours
from socialgoals.community.matcher import re2_available
from socialgoals.community.messages import Author, Intent, Message, MessageKind
from socialgoals.community.rules import AnyKeywords, MatchMode, Rule, RuleSet, SetIntent, Tag
from socialgoals.community.text import normalize
from socialgoals.community.triage import Triage
from socialgoals.model import Platform

SEED = 20260302
N_FULL = 100_000
INTENTS = ["sales_lead", "support", "shipping", "refund", "warranty_safety", "complaint", "praise"]

# 20 rules x 10 terms: accented French, English, two-word phrases and emoji.
STEMS_FR = [
    "prix", "tarif", "acheter", "commander", "devis", "livraison", "colis", "remboursé",
    "remboursement", "garantie", "défectueux", "cassé", "réclamation", "déçu", "arnaque",
    "retard", "panne", "écran", "batterie", "abonnement", "résilier", "facture", "paiement",
    "carte", "promo", "soldes", "réduction", "bravo", "génial", "magnifique", "problème",
    "connexion", "mot", "compte", "avocat", "plainte", "brûlé", "fumée", "incendie", "échange",
]  # fmt: skip
STEMS_EN = [
    "price", "pricing", "buy", "order", "quote", "delivery", "parcel", "refund", "warranty",
    "broken", "defective", "complaint", "disappointed", "scam", "late", "outage", "screen",
    "battery", "subscription", "cancel", "invoice", "payment", "card", "discount", "sale",
    "coupon", "awesome", "amazing", "problem", "login", "password", "account", "lawyer",
    "lawsuit", "burned", "smoke", "fire", "exchange", "tracking", "shipping",
]  # fmt: skip
PHRASES = [
    "bon de commande", "mode d'emploi", "service client", "pas reçu", "en rupture",
    "out of stock", "customer service", "not received", "money back", "how much",
    "trop cher", "too expensive", "ne marche pas", "doesn't work", "carte cadeau",
    "gift card", "track my order", "suivi de colis", "mot de passe", "help me",
]  # fmt: skip
EMOJI_TERMS = ["😡", "🤬", "💔", "🔥", "😍", "👎", "🙏", "💯", "🚚", "📦"]
FILLER_FR = str.split(
    "bonjour je voudrais savoir si vous avez encore la couleur bleue pour ma sœur "
    "c'est vraiment très joli merci beaucoup pour votre réponse rapide on adore la "
    "nouvelle collection printemps été est-ce que le magasin de Lyon est ouvert dimanche "
    "à quelle heure franchement top équipe sympa vu en story hier soir trop hâte"
)
FILLER_EN = str.split(
    "hello I was wondering whether you still have the blue colour for my sister it "
    "looks really nice thanks a lot for the quick reply we love the new spring summer "
    "collection is the London store open on Sunday what time honestly great team saw "
    "it in your story last night can't wait"
)
FILLER_EMOJI = ["😊", "❤️", "👍", "✨", "😂", "🌸", "☀️", "👀", "🙌", "🎉"]


QUALIFIERS = ["express", "gratuite", "rapide", "premium", "pro", "plus", "max", "mini", "2 ans"]


def build_rules() -> tuple[RuleSet, list[list[str]]]:
    """20 rules of 10 terms each (200 in all), with their raw terms."""
    rng = random.Random(SEED)
    singles = STEMS_FR + STEMS_EN  # 80 words
    pairs = [f"{s} {q}" for s in singles for q in QUALIFIERS]
    rng.shuffle(pairs)
    pool = singles + PHRASES + EMOJI_TERMS + pairs[:90]  # 80 + 20 + 10 + 90 = 200
    rng.shuffle(pool)
    groups = [pool[i * 10 : (i + 1) * 10] for i in range(20)]
    rules = [
        Rule(
            f"rule-{i:02d}",
            AnyKeywords(group),
            [Tag(f"topic_{i:02d}"), SetIntent(Intent(INTENTS[i % len(INTENTS)]))],
        )
        for i, group in enumerate(groups)
    ]
    return RuleSet("bench", rules, mode=MatchMode.ALL), groups


def _variant(rng: random.Random, term: str) -> str:
    """The term as a person may type it: other case, accents dropped."""
    roll = rng.random()
    if roll < 0.25:
        return term.upper()
    if roll < 0.5:
        return term.capitalize()
    if roll < 0.7:
        return normalize(term)
    return term


def build_messages(n: int, groups: list[list[str]]) -> list[Message]:
    """``n`` seeded messages, about 20% with a rule term, mean length about 110."""
    rng = random.Random(SEED + 1)
    t0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    all_terms = [t for g in groups for t in g]
    platforms = [Platform.INSTAGRAM, Platform.FACEBOOK, Platform.X, Platform.LINKEDIN]
    messages = []
    for i in range(n):
        filler = FILLER_FR if rng.random() < 0.55 else FILLER_EN
        parts: list[str] = []
        target = rng.randint(60, 160)
        length = 0
        while length < target:
            word = rng.choice(filler) if rng.random() > 0.08 else rng.choice(FILLER_EMOJI)
            parts.append(word)
            length += len(word) + 1
        if rng.random() < 0.2:
            parts.insert(rng.randrange(len(parts) + 1), _variant(rng, rng.choice(all_terms)))
        text = " ".join(parts)
        if rng.random() < 0.3:
            text += rng.choice(["?", " !", "...", " ?!"])
        messages.append(
            Message(
                id=f"m{i}",
                platform=platforms[i % len(platforms)],
                kind=MessageKind.COMMENT if i % 3 else MessageKind.DM,
                thread_id=f"t{i}",
                author=Author(id=f"u{i % 5000}", is_vip=i % 97 == 0),
                text=text,
                received_at=t0 + timedelta(seconds=37 * i),
            )
        )
    return messages


def term_pattern(term: str) -> str:
    """A regex for one normalised term, with word boundaries where the term has word edges."""
    norm = normalize(term)
    body = r"\s+".join(re.escape(w) for w in norm.split())
    head = r"\b" if re.match(r"\w", norm) else ""
    tail = r"\b" if re.search(r"\w$", norm) else ""
    return f"{head}{body}{tail}"


def rule_patterns(groups: list[list[str]]) -> list[str]:
    return ["(?:" + "|".join(term_pattern(t) for t in group) + ")" for group in groups]


def interleaved(peers: dict[str, tuple[Any, int]]) -> dict[str, tuple[float, Any]]:
    """Best CPU time of each peer ``(function, runs)``, with its last result.

    The garbage collector is off during each run (as :mod:`timeit` does) and
    the peers' runs are taken in turns (round robin).

    On a shared machine the load changes over a run; alternating the peers
    exposes each of them to the same conditions, so their ratios move less
    than when one peer's runs all come before the other's.
    """
    best = dict.fromkeys(peers, float("inf"))
    results: dict[str, Any] = dict.fromkeys(peers)
    for round_ in range(max(repeat for _, repeat in peers.values())):
        for name, (fn, repeat) in peers.items():
            if round_ >= repeat:
                continue
            results[name] = None
            gc.collect()
            gc.disable()
            try:
                start = time.process_time()
                results[name] = fn()
                best[name] = min(best[name], time.process_time() - start)
            finally:
                gc.enable()
    return {name: (best[name], results[name]) for name in peers}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args(argv)
    n = N_FULL // 10 if args.quick else N_FULL

    rule_set, groups = build_rules()
    messages = build_messages(n, groups)
    hours = BusinessHours.on_days(
        ["mon", "tue", "wed", "thu", "fri"],
        ["09:00-12:30", "13:30-18:00"],
        timezone="Europe/Paris",
        holidays=["2026-04-06", "2026-05-01"],
    )
    triage = Triage(rule_set, matrix=EscalationMatrix.default(), hours=hours)
    texts = [m.text for m in messages]
    order = {rule.id: i for i, rule in enumerate(rule_set.rules)}

    def ours() -> list[Any]:
        decide = triage.decide
        return [decide(msg) for msg in messages]

    compiled = [re.compile(p) for p in rule_patterns(groups)]

    def naive() -> list[list[int]]:
        out = []
        for text in texts:
            norm = normalize(text)
            out.append([i for i, rx in enumerate(compiled) if rx.search(norm)])
        return out

    results: dict[str, Any] = {"messages": n, "rules": len(rule_set.rules)}
    results["terms"] = sum(len(g) for g in groups)
    results["mean_length"] = round(sum(map(len, texts)) / n, 1)

    scan = triage.index.scan
    peers: dict[str, tuple[Any, int]] = {
        "ours": (ours, args.repeat),
        "ours_match_only": (lambda: [scan(text) for text in texts], args.repeat),
        "naive": (naive, max(1, args.repeat - 1)),
    }
    if re2_available():
        import re2  # noqa: PLC0415 - optional: only when the re2 extra is installed

        options = re2.Options()
        options.log_errors = False
        rset = re2.Set.SearchSet(options)
        for pattern in rule_patterns(groups):
            rset.Add(pattern)
        rset.Compile()
        normalized = [normalize(t) for t in texts]

        def re2_set() -> list[Any]:
            match = rset.Match
            return [match(t) for t in normalized]

        def re2_set_with_normalize() -> list[Any]:
            match = rset.Match
            return [match(normalize(t)) for t in texts]

        peers["re2_set"] = (re2_set, args.repeat)
        peers["re2_set_with_normalize"] = (re2_set_with_normalize, args.repeat)
    timings = interleaved(peers)

    t_ours, decisions = timings["ours"]
    hits_ours = [frozenset(order[m.rule_id] for m in d.matches) for d in decisions]
    t_naive, naive_lists = timings["naive"]
    hits_naive = [frozenset(h) for h in naive_lists]
    if hits_ours != hits_naive:
        bad = next(i for i, (a, b) in enumerate(zip(hits_ours, hits_naive, strict=True)) if a != b)
        print(
            f"MISMATCH naive at {bad}: {texts[bad]!r} ours={hits_ours[bad]} naive={hits_naive[bad]}"
        )
        return 1
    # Triage caches rule outcomes; the same decisions must come out without the cache.
    reference = Triage(
        rule_set, matrix=EscalationMatrix.default(), hours=hours, cache_outcomes=False
    )
    step = max(1, n // 2000)
    for i in range(0, n, step):
        if reference.decide(messages[i]) != decisions[i]:
            print(f"MISMATCH uncached decision at {i}: {texts[i]!r}")
            return 1
    results["same_decisions_as_uncached"] = len(range(0, n, step))
    results["hit_rate"] = round(sum(1 for h in hits_ours if h) / n, 3)
    results["routed"] = sum(1 for d in decisions if d.route is not None)
    results["with_due_time"] = sum(
        1 for d in decisions if d.route is not None and d.route.due is not None
    )
    t_match = timings["ours_match_only"][0]
    results["ours_s"] = round(t_ours, 4)
    results["ours_match_only_s"] = round(t_match, 4)
    results["naive_s"] = round(t_naive, 4)
    results["speedup_vs_naive"] = round(t_naive / t_ours, 2)
    results["re2_installed"] = re2_available()
    if re2_available():
        t_re2, re2_lists = timings["re2_set"]
        hits_re2 = [frozenset(h or ()) for h in re2_lists]
        t_re2n = timings["re2_set_with_normalize"][0]
        if hits_re2 != hits_ours:
            bad = next(
                i for i, (a, b) in enumerate(zip(hits_ours, hits_re2, strict=True)) if a != b
            )
            print(
                f"MISMATCH re2 at {bad}: {texts[bad]!r} ours={hits_ours[bad]} re2={hits_re2[bad]}"
            )
            return 1
        results["re2_set_s"] = round(t_re2, 4)
        results["re2_set_with_normalize_s"] = round(t_re2n, 4)
        results["ratio_vs_re2_set"] = round(t_ours / t_re2, 2)
        results["ratio_vs_re2_set_with_normalize"] = round(t_ours / t_re2n, 2)
        results["ratio_match_only_vs_re2_set"] = round(t_match / t_re2, 2)
        # The re2 extra is installed here. Our keyword path never uses RE2 (only
        # regex conditions do, and this rule set has none), so this is the same
        # pipeline measured against the same peer.
        results["ratio_vs_re2_set_with_extra"] = results["ratio_vs_re2_set"]
        results["re2_used_for_keywords"] = False
    results["same_hits"] = True
    results["targets"] = {
        "speedup_vs_naive>=15": results["speedup_vs_naive"] >= 15,
        "ratio_vs_re2_set<=4": results.get("ratio_vs_re2_set", float("inf")) <= 4,
    }
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
