"""socialgoals: turn a social-media strategy into code.

SMART objectives aligned to business goals, KPI formulas, progress and
forecasts, community triage with escalation and SLAs, lead capture with
durable delivery, and reports, in a typed, pure-Python core with pluggy plugins.

The names below are the public face; each subpackage (``socialgoals.kpi``,
``socialgoals.community``...) documents more.

>>> import socialgoals
>>> plan = socialgoals.loads_plan('''
... [[business_goals]]
... id = "b2b-leads"
... statement = "More qualified B2B leads"
...
... [[objectives]]
... id = "li-leads"
... statement = "52 qualified leads a quarter from LinkedIn ads for IT managers"
... category = "lead_generation"
... priority = "primary"
... platforms = ["linkedin"]
... audience = "IT managers at mid-size companies"
... kpis = ["leads"]
... leading = ["ctr"]
... lagging = ["leads"]
... serves = "b2b-leads"
... owner = { role = "growth lead" }
... cadence = "weekly"
... source = { kind = "utm_forms" }
... baseline = { value = 40, window_days = 90, history = [
...     { on = 2025-10-01, value = 30 }, { on = 2026-01-01, value = 40 }] }
... target = { value = 52 }
... start = 2026-01-01
... deadline = 2026-03-31
... checkpoints = [{ on = 2026-02-15, expected = 50 }]
... ''')
>>> print(plan.audit().to_text())
SMART audit: 1 objective, 1 pass, 0 warn, 0 fail
<BLANKLINE>
[S+ M+ A+ R+ T+] li-leads: 52 qualified leads a quarter from LinkedIn ads for IT managers
"""

from __future__ import annotations

from socialgoals._version import __version__
from socialgoals.community import (
    SLA,
    AlertConfig,
    AuditTrail,
    Author,
    BotFlow,
    BusinessHours,
    Conversation,
    Decision,
    EscalationMatrix,
    Intent,
    Lead,
    Message,
    MessageKind,
    ModerationPolicy,
    Playbook,
    Rule,
    RuleSet,
    TemplateLibrary,
    Triage,
    dry_run,
)
from socialgoals.delivery import Relay, RetryPolicy
from socialgoals.errors import Problem, SocialGoalsError, ValidationError
from socialgoals.hookspecs import hookimpl
from socialgoals.kpi import (
    KPI,
    Catalogue,
    MetricTable,
    Undefined,
    Window,
    rollup,
    standard_catalogue,
)
from socialgoals.model import (
    Cadence,
    DataSource,
    DataSourceKind,
    Direction,
    FunnelStage,
    Indicator,
    ObjectiveCategory,
    Observation,
    Owner,
    Period,
    PeriodKind,
    Platform,
)
from socialgoals.objectives import (
    AuditConfig,
    AuditReport,
    Baseline,
    BusinessGoal,
    Checkpoint,
    CompetitorSample,
    Objective,
    Priority,
    Target,
    TargetProposals,
    audit_objective,
    audit_objectives,
    propose_targets,
)
from socialgoals.plan import Plan
from socialgoals.planfile import dump_plan, dumps_plan, load_plan, loads_plan
from socialgoals.planning import Persona
from socialgoals.plugins import get_plugin_manager, list_plugins
from socialgoals.protocols import (
    ConversationSource,
    DeliveryItem,
    DeliveryResult,
    DeliveryStatus,
    MetricSource,
    Notification,
    Sink,
)
from socialgoals.reporting import (
    Report,
    ReportKind,
    build_report,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from socialgoals.store import Store
from socialgoals.tracking import Progress, Status, kpi_series, track

__all__ = [
    "__version__",
    # errors
    "SocialGoalsError",
    "ValidationError",
    "Problem",
    # shared vocabulary
    "Cadence",
    "DataSource",
    "DataSourceKind",
    "Direction",
    "FunnelStage",
    "Indicator",
    "ObjectiveCategory",
    "Observation",
    "Owner",
    "Period",
    "PeriodKind",
    "Platform",
    # objectives and the SMART audit
    "AuditConfig",
    "AuditReport",
    "Baseline",
    "BusinessGoal",
    "Checkpoint",
    "CompetitorSample",
    "Objective",
    "Priority",
    "Target",
    "TargetProposals",
    "audit_objective",
    "audit_objectives",
    "propose_targets",
    # personas
    "Persona",
    # plans and plan files
    "Plan",
    "dump_plan",
    "dumps_plan",
    "load_plan",
    "loads_plan",
    # KPIs
    "KPI",
    "Catalogue",
    "MetricTable",
    "Undefined",
    "Window",
    "rollup",
    "standard_catalogue",
    # tracking
    "Progress",
    "Status",
    "kpi_series",
    "track",
    # community
    "AlertConfig",
    "AuditTrail",
    "Author",
    "BotFlow",
    "BusinessHours",
    "Conversation",
    "Decision",
    "EscalationMatrix",
    "Intent",
    "Lead",
    "Message",
    "MessageKind",
    "ModerationPolicy",
    "Playbook",
    "Rule",
    "RuleSet",
    "SLA",
    "TemplateLibrary",
    "Triage",
    "dry_run",
    # plugins
    "hookimpl",
    "get_plugin_manager",
    "list_plugins",
    "ConversationSource",
    "DeliveryItem",
    "DeliveryResult",
    "DeliveryStatus",
    "MetricSource",
    "Notification",
    "Sink",
    # store and delivery
    "Store",
    "Relay",
    "RetryPolicy",
    # reports
    "Report",
    "ReportKind",
    "build_report",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
]
