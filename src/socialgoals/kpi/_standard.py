"""The standard catalogue: every KPI of the domain, with documented formulas.

Metric names are the vocabulary sources produce (``impressions``,
``likes``...). Most metrics add up over days and posts; *stock* metrics
(``followers``) are levels, rolled up by taking the latest value.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Final

from socialgoals.kpi._catalogue import KPI, Catalogue
from socialgoals.kpi._units import Unit, UnitKind
from socialgoals.model import FunnelStage, Indicator

__all__ = ["STANDARD_METRICS", "STOCK_METRICS", "standard_catalogue"]

STANDARD_METRICS: Final[Mapping[str, str]] = {
    # awareness
    "reach": "unique users who saw the content",
    "impressions": "total displays (Instagram calls them views since 2025)",
    "views": "Instagram views (the 2025 replacement of impressions)",
    "followers": "followers at the end of the period (a level, not a flow)",
    "new_followers": "follows gained during the period",
    "lost_followers": "follows lost during the period",
    "mentions": "mentions of the brand",
    "market_mentions": "all mentions in the competitive set, ours included",
    "positive_mentions": "mentions with a positive sentiment",
    "negative_mentions": "mentions with a negative sentiment",
    # engagement
    "posts": "posts published",
    "likes": "likes and reactions",
    "comments": "comments",
    "shares": "shares, reposts and retweets",
    "saves": "saves and bookmarks",
    "clicks": "all clicks (link, profile, media)",
    "link_clicks": "clicks on links",
    "profile_clicks": "clicks to the profile",
    # conversion, traffic, leads
    "conversions": "acquisitions: the campaign's conversion events",
    "leads": "leads generated",
    "form_submissions": "form submissions (UTM-tagged forms)",
    "promo_code_redemptions": "promo codes redeemed",
    "referral_sessions": "web sessions referred by social platforms",
    "conversations": "DM and comment conversations",
    "conversation_leads": "conversations that became a lead",
    "dm_conversations": "direct-message conversations",
    "orders": "orders",
    "spend": "campaign (ad) spend",
    "creator_fees": "fees paid to creators and influencers",
    # service and loyalty
    "messages_received": "messages that needed an answer",
    "messages_responded": "messages answered",
    "first_responses": "conversations with a first response",
    "first_response_seconds": "total seconds to first response, over those conversations",
    "escalations": "conversations escalated to a human or a senior role",
    "csat_responses": "answers to the satisfaction survey",
    "csat_satisfied": "satisfied answers (4 or 5 out of 5)",
    "nps_responses": "answers to the 0-10 recommendation question",
    "promoters": "NPS answers of 9 or 10",
    "detractors": "NPS answers of 0 to 6",
    "resolution_surveys": "answers to the post-resolution survey",
    "resolutions_satisfied": "satisfied post-resolution answers",
    "customers": "customers (of the cohort or period)",
    "repeat_customers": "customers who bought more than once",
    # unit economics
    "attributed_customers": "new customers attributed to the campaign",
    "attributed_revenue": "revenue attributed to the campaign",
    "lifetime_revenue": "revenue of the customers over their lifetime so far",
}
"""Every metric the standard KPIs read, with what it counts."""

STOCK_METRICS: Final[frozenset[str]] = frozenset({"followers"})
"""Metrics that are levels: a rollup takes their latest value, not their sum."""

_A, _E, _C, _R = (
    FunnelStage.AWARENESS,
    FunnelStage.ENGAGEMENT,
    FunnelStage.CONVERSION,
    FunnelStage.RETENTION,
)
_LEAD, _LAG = Indicator.LEADING, Indicator.LAGGING

# id, label, formula, unit ("$" = the catalogue's currency), higher is better, stage,
# indicator, description
_ROWS: Final[tuple[tuple[str, str, str, str, bool, FunnelStage, Indicator, str], ...]] = (
    ("reach", "Reach", "reach", "count", True, _A, _LEAD,
     "Unique users who saw the content."),
    ("impressions", "Impressions", "impressions", "count", True, _A, _LEAD,
     "Total displays, a user counting once per display."),
    ("views", "Views", "views", "count", True, _A, _LEAD,
     "Instagram's 2025 replacement of impressions."),
    ("followers", "Followers", "followers", "count", True, _A, _LAG,
     "Followers at the end of the period (the latest value, not a sum)."),
    ("net_follower_growth", "Net follower growth", "new_followers - lost_followers",
     "count", True, _A, _LAG, "Follows gained minus follows lost over the period."),
    ("audience_growth_rate", "Audience growth rate",
     "kpi:net_follower_growth / (followers - kpi:net_follower_growth) x 100",
     "percent", True, _A, _LAG,
     ("Net follower growth over the followers at the start of the period "
      "(end-of-period followers minus the net growth).")),
    ("brand_mentions", "Brand mentions", "mentions", "count", True, _A, _LEAD,
     "Mentions of the brand (social listening)."),
    ("share_of_voice", "Share of voice", "mentions / market_mentions x 100",
     "percent", True, _A, _LAG,
     "Our mentions over all mentions in the competitive set."),
    ("interactions", "Interactions", "likes + comments + shares + saves",
     "count", True, _E, _LEAD, "Likes, comments, shares and saves."),
    ("engagement_rate_by_impressions", "Engagement rate (by impressions)",
     "(likes + comments + shares) / impressions x 100", "percent", True, _E, _LEAD,
     "Interactions per display: the definition of seed 003 and of `engagement_rate`."),
    ("engagement_rate_by_reach", "Engagement rate (by reach)",
     "(likes + comments + shares) / reach x 100", "percent", True, _E, _LEAD,
     "Interactions per unique user reached."),
    ("engagement_rate_by_followers", "Engagement rate (by followers)",
     "(likes + comments + shares) / followers x 100", "percent", True, _E, _LEAD,
     "Interactions per follower (end-of-period followers)."),
    ("engagement_rate", "Engagement rate", "kpi:engagement_rate_by_impressions",
     "percent", True, _E, _LEAD,
     "The default engagement rate: by impressions. Say which variant you report."),
    ("comments_per_post", "Comments per post", "comments / posts", "ratio", True, _E, _LEAD,
     "Average number of comments a post receives (a ratio of sums)."),
    ("clicks", "Clicks", "clicks", "count", True, _E, _LEAD,
     "All clicks: link, profile and media."),
    ("link_clicks", "Link clicks", "link_clicks", "count", True, _E, _LEAD,
     "Clicks on links."),
    ("profile_clicks", "Profile clicks", "profile_clicks", "count", True, _E, _LEAD,
     "Clicks to the profile."),
    ("ctr", "Click-through rate", "clicks / impressions x 100", "percent", True, _C, _LEAD,
     "Clicks per display."),
    ("conversion_rate", "Conversion rate (by clicks)", "conversions / clicks x 100",
     "percent", True, _C, _LAG, "Conversions per click."),
    ("conversion_rate_by_reach", "Conversion rate (by users exposed)",
     "conversions / reach x 100", "percent", True, _C, _LAG,
     "Conversions per unique user exposed."),
    ("cpc", "Cost per click", "spend / clicks", "$", False, _C, _LEAD,
     "Spend over clicks."),
    ("cpl", "Cost per lead", "spend / leads", "$", False, _C, _LAG,
     "Spend over leads."),
    ("cpa", "Cost per acquisition", "spend / conversions", "$", False, _C, _LAG,
     "Spend over acquisitions (conversions)."),
    ("social_referral_traffic", "Social referral traffic", "referral_sessions",
     "count", True, _C, _LAG, "Web sessions referred by social platforms (web analytics)."),
    ("leads", "Leads generated", "leads", "count", True, _C, _LAG,
     "Leads (UTM-tagged forms, conversational qualifiers, CRM)."),
    ("conversation_to_lead_rate", "Conversation -> lead rate",
     "conversation_leads / conversations x 100", "percent", True, _C, _LAG,
     "Share of DM and comment conversations that became a lead (conversation logs + CRM)."),
    ("dm_to_order_rate", "DM -> order rate", "orders / dm_conversations x 100",
     "percent", True, _C, _LAG, "Orders per direct-message conversation."),
    ("form_submissions", "Form submissions", "form_submissions", "count", True, _C, _LAG,
     "Form submissions from social (UTM-tagged)."),
    ("promo_code_redemptions", "Promo-code redemptions", "promo_code_redemptions",
     "count", True, _C, _LAG, "Creator or campaign promo codes redeemed."),
    ("response_rate", "Response rate", "messages_responded / messages_received x 100",
     "percent", True, _R, _LEAD, "Share of messages that got an answer."),
    ("average_first_response_time", "Average first response time",
     "first_response_seconds / first_responses", "duration", False, _R, _LEAD,
     "Mean time to first response, in seconds (total seconds over conversations answered)."),
    ("escalation_rate", "Escalation rate", "escalations / conversations x 100",
     "percent", False, _R, _LEAD, "Share of conversations escalated to a human or senior role."),
    ("csat", "CSAT", "csat_satisfied / csat_responses x 100", "percent", True, _R, _LAG,
     "Share of satisfied survey answers."),
    ("nps", "Net Promoter Score", "(promoters - detractors) / nps_responses x 100",
     "score", True, _R, _LAG, "% promoters (9-10) minus % detractors (0-6), from -100 to 100."),
    ("net_sentiment", "Net sentiment",
     "(positive_mentions - negative_mentions) / mentions x 100", "score", True, _R, _LEAD,
     "% positive minus % negative mentions; follow it week by week for the sentiment trend."),
    ("resolution_satisfaction", "Resolution satisfaction",
     "resolutions_satisfied / resolution_surveys x 100", "percent", True, _R, _LAG,
     "Share of satisfied answers after a resolution."),
    ("repeat_purchase_rate", "Repeat purchase rate", "repeat_customers / customers x 100",
     "percent", True, _R, _LAG, "Share of customers who bought more than once."),
    ("cac", "Customer acquisition cost", "(spend + creator_fees) / attributed_customers",
     "$", False, _C, _LAG, "Campaign spend plus creator fees, per attributed customer."),
    ("roi", "Return on investment",
     "(attributed_revenue - spend - creator_fees) / spend x 100", "percent", True, _C, _LAG,
     "Attributed revenue minus spend and creator fees, over campaign spend."),
    ("ltv", "Customer lifetime value", "lifetime_revenue / customers", "$", True, _R, _LAG,
     ("Revenue per customer over their lifetime so far (a cohort's lifetime revenue "
      "over its customers).")),
    ("ltv_to_cac", "LTV / CAC", "kpi:ltv / kpi:cac", "ratio", True, _R, _LAG,
     "Compare lifetime value to acquisition cost to decide whether to scale (above 1 pays)."),
)  # fmt: skip


@lru_cache(maxsize=8)
def standard_catalogue(*, currency: str = "EUR") -> Catalogue:
    """Every KPI of the domain (DOMAIN.md section 3), money in ``currency``.

    Catalogues are immutable, so the same object is returned for the same currency.

    >>> cat = standard_catalogue()
    >>> cat.get("engagement_rate_by_reach").formula_text
    '(likes + comments + shares) / reach x 100'
    >>> str(cat.get("cpa").unit), cat.get("cpa").higher_is_better
    ('currency:EUR', False)
    >>> str(standard_catalogue(currency="USD").get("cac").unit)
    'currency:USD'
    """
    money = Unit(UnitKind.CURRENCY, currency)
    kpis = [
        KPI(
            id=kpi_id,
            label=label,
            formula=formula,
            unit=money if unit == "$" else Unit.parse(unit),
            higher_is_better=better,
            stage=stage,
            indicator=indicator,
            description=description,
        )
        for kpi_id, label, formula, unit, better, stage, indicator, description in _ROWS
    ]
    return Catalogue(kpis, STANDARD_METRICS.keys())
