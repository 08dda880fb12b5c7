"""Finding, loading and calling plugins, with each plugin's failures kept to itself.

:func:`get_plugin_manager` builds a fresh pluggy manager: it adds the hook
specifications, honours the block and allow lists from the environment,
registers the bundled plugins by dotted name, loads the entry points of the
``socialgoals`` group, then runs ``check_pending()``. A plugin that cannot be
imported, or implements a hook wrongly, is reported in
:attr:`SocialGoalsPluginManager.load_errors` and left out; the others work.

Hooks are called through helpers that call each implementation on its own:
a plugin that raises is reported as a :class:`~socialgoals.errors.PluginHookError`
naming the plugin and the hook, and the other plugins still answer.

Environment variables:

- ``SOCIALGOALS_BLOCK_PLUGINS``: comma-separated plugin names never loaded.
- ``SOCIALGOALS_ALLOW_PLUGINS``: when set, only these plugin names are loaded
  (bundled ones included; an empty value loads none).

>>> pm = get_plugin_manager(environ={}, entry_points=False)
>>> registry = collect_registry(pm)
>>> sorted(registry.sinks)
['sqlite', 'webhook']
>>> [p.name for p in list_plugins(pm)]
['socialgoals.adapters.builtin', 'socialgoals.adapters.classifiers']
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Generic, TypeVar

import attrs
import pluggy

from socialgoals import hookspecs
from socialgoals._version import __version__
from socialgoals.community.messages import Classification, Message
from socialgoals.errors import PluginError, PluginHookError, PluginLoadError
from socialgoals.hookspecs import PROJECT_NAME
from socialgoals.protocols import ConversationSource, KPIPack, MetricSource, Notification, Sink
from socialgoals.redaction import get_logger, redact

__all__ = [
    "BLOCK_ENV",
    "ALLOW_ENV",
    "BUNDLED_PLUGINS",
    "SocialGoalsPluginManager",
    "get_plugin_manager",
    "HookOutcome",
    "call_each",
    "classify_message",
    "notify",
    "resolve_secret",
    "Registry",
    "collect_registry",
    "PluginInfo",
    "list_plugins",
]

BLOCK_ENV: Final = "SOCIALGOALS_BLOCK_PLUGINS"
"""Environment variable: comma-separated plugin names that are never loaded."""

ALLOW_ENV: Final = "SOCIALGOALS_ALLOW_PLUGINS"
"""Environment variable: when set, the only plugin names that are loaded."""

BUNDLED_PLUGINS: Final[tuple[str, ...]] = (
    "socialgoals.adapters.builtin",
    "socialgoals.adapters.classifiers",
)
"""Dotted names of the plugins shipped with socialgoals (registered like external ones)."""

T = TypeVar("T")

log = get_logger(__name__)


def _names(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(n.strip() for n in value.split(",") if n.strip())


class SocialGoalsPluginManager(pluggy.PluginManager):
    """A pluggy manager that remembers where each plugin came from and what failed.

    Attributes:
        load_errors: plugins that could not be imported or registered.
        origins: for each registered plugin name, ``"bundled"``,
            ``"entry point"`` or ``"registered"`` (added by hand, e.g. in a test).
        distributions: ``(distribution, version)`` of bundled and entry-point plugins.
        skipped: plugins found but not loaded, with the reason (block or allow list).
    """

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.load_errors: list[PluginLoadError] = []
        self.origins: dict[str, str] = {}
        self.distributions: dict[str, tuple[str, str]] = {}
        self.skipped: dict[str, tuple[str, str]] = {}

    def register_plugin(self, plugin: object, name: str, *, origin: str = "registered") -> bool:
        """Register ``plugin`` under ``name``; on failure report it and return ``False``."""
        try:
            self.register(plugin, name=name)
        except Exception as exc:  # noqa: BLE001 - a bad plugin must not stop the others
            self._load_failed(name, exc)
            return False
        if self.is_registered(plugin):
            self.origins[name] = origin
            return True
        return False  # blocked

    def _load_failed(self, name: str, exc: BaseException) -> None:
        error = PluginLoadError(redact(f"{type(exc).__name__}: {exc}"), plugin=name)
        self.load_errors.append(error)
        log.warning("%s", error)


def get_plugin_manager(
    *,
    environ: Mapping[str, str] | None = None,
    entry_points: bool = True,
    bundled: Sequence[str] = BUNDLED_PLUGINS,
) -> SocialGoalsPluginManager:
    """Build a plugin manager with the bundled and installed plugins.

    Args:
        environ: where to read the block/allow lists (``os.environ`` by default).
        entry_points: whether to load installed plugins (entry-point group ``socialgoals``).
        bundled: the dotted module names of the bundled plugins.
    """
    env = os.environ if environ is None else environ
    blocked = _names(env.get(BLOCK_ENV)) or frozenset()
    allowed = _names(env.get(ALLOW_ENV))
    pm = SocialGoalsPluginManager()

    def wanted(name: str, origin: str) -> bool:
        if name in blocked:
            pm.set_blocked(name)
            pm.skipped[name] = (origin, f"blocked by {BLOCK_ENV}")
            return False
        if allowed is not None and name not in allowed:
            pm.skipped[name] = (origin, f"not in {ALLOW_ENV}")
            return False
        return True

    for dotted in bundled:
        if not wanted(dotted, "bundled"):
            continue
        try:
            module = importlib.import_module(dotted)
        except Exception as exc:  # noqa: BLE001 - reported, not fatal
            pm._load_failed(dotted, exc)
            continue
        if pm.register_plugin(module, dotted, origin="bundled"):
            pm.distributions[dotted] = ("socialgoals", __version__)
    if entry_points:
        for ep in sorted(importlib.metadata.entry_points(group=PROJECT_NAME), key=lambda e: e.name):
            if not wanted(ep.name, "entry point") or pm.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # noqa: BLE001 - reported, not fatal
                pm._load_failed(ep.name, exc)
                continue
            if pm.register_plugin(plugin, ep.name, origin="entry point") and ep.dist is not None:
                pm.distributions[ep.name] = (ep.dist.name, ep.dist.version)
    _check_pending(pm)
    return pm


def _check_pending(pm: SocialGoalsPluginManager) -> None:
    """Run ``check_pending()``, dropping (and reporting) plugins with unknown hooks."""
    while True:
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            name = pm.get_name(exc.plugin) or repr(exc.plugin)
            pm.unregister(exc.plugin)
            pm.origins.pop(name, None)
            pm._load_failed(name, exc)
            continue
        return


# --------------------------------------------------------------------------- calling hooks


@attrs.frozen
class HookOutcome(Generic[T]):
    """The answers of every plugin to one hook call, and the plugins that raised.

    Attributes:
        results: ``(plugin name, answer)`` pairs, ``None`` answers left out, in call order.
        errors: one :class:`~socialgoals.errors.PluginHookError` per plugin that raised.
    """

    results: tuple[tuple[str, T], ...] = ()
    errors: tuple[PluginHookError, ...] = ()

    @property
    def values(self) -> list[T]:
        """The answers without the plugin names."""
        return [value for _, value in self.results]


def call_each(pm: pluggy.PluginManager, hook_name: str, **kwargs: Any) -> HookOutcome[Any]:
    """Call every implementation of ``hook_name`` on its own; collect answers and failures.

    Implementations are called in pluggy's order (``tryfirst``/``trylast``,
    then the last registered first). Wrappers are not supported on
    socialgoals hooks and are skipped.
    """
    hook = getattr(pm.hook, hook_name)
    results: list[tuple[str, Any]] = []
    errors: list[PluginHookError] = []
    for impl in reversed(hook.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            answer = impl.function(*(kwargs[arg] for arg in impl.argnames))
        except Exception as exc:  # noqa: BLE001 - one plugin's failure is its own
            error = PluginHookError(
                redact(f"{type(exc).__name__}: {exc}"), plugin=impl.plugin_name, hook=hook_name
            )
            log.warning("%s", error)
            errors.append(error)
            continue
        if answer is not None:
            results.append((impl.plugin_name, answer))
    return HookOutcome(tuple(results), tuple(errors))


def classify_message(pm: pluggy.PluginManager, message: Message) -> HookOutcome[Classification]:
    """Ask every classifier about ``message``; a wrong answer type counts as an error."""
    raw = call_each(pm, "socialgoals_classify_message", message=message)
    good = tuple((p, c) for p, c in raw.results if isinstance(c, Classification))
    bad = tuple(
        PluginHookError(
            f"returned {type(c).__name__}, not Classification or None",
            plugin=p,
            hook="socialgoals_classify_message",
        )
        for p, c in raw.results
        if not isinstance(c, Classification)
    )
    return HookOutcome(good, raw.errors + bad)


def notify(pm: pluggy.PluginManager, notification: Notification) -> tuple[PluginHookError, ...]:
    """Send ``notification`` to every notifier; returns the notifiers that failed."""
    return call_each(pm, "socialgoals_notify", notification=notification).errors


def resolve_secret(
    pm: pluggy.PluginManager, name: str, *, environ: Mapping[str, str] | None = None
) -> str | None:
    """The secret ``name`` from the first plugin that knows it, else the environment."""
    hook = pm.hook.socialgoals_resolve_secret
    for impl in reversed(hook.get_hookimpls()):
        try:
            value = impl.function(*({"name": name}[a] for a in impl.argnames))
        except Exception as exc:  # noqa: BLE001 - try the next provider
            log.warning(
                "%s",
                PluginHookError(
                    type(exc).__name__, plugin=impl.plugin_name, hook="socialgoals_resolve_secret"
                ),
            )
            continue
        if value is not None:
            return str(value)
    env = os.environ if environ is None else environ
    return env.get(name)


# --------------------------------------------------------------------------- registry

_ROLES: Final = {
    "metric source": ("socialgoals_register_metric_sources", ("observations",)),
    "conversation source": ("socialgoals_register_conversation_sources", ("messages", "act")),
    "sink": ("socialgoals_register_sinks", ("deliver",)),
}


@attrs.frozen
class Registry:
    """Everything the plugins registered, by name.

    Attributes:
        metric_sources: metric source classes by ``name``.
        conversation_sources: conversation source classes by ``name``.
        sinks: sink classes by ``name``.
        kpi_packs: KPI packs by id.
        providers: ``(role, name) -> plugin name`` for each registration.
        errors: plugins that raised or registered something invalid or taken.
    """

    metric_sources: Mapping[str, type[MetricSource]]
    conversation_sources: Mapping[str, type[ConversationSource]]
    sinks: Mapping[str, type[Sink]]
    kpi_packs: Mapping[str, KPIPack]
    providers: Mapping[tuple[str, str], str]
    errors: tuple[PluginError, ...] = ()

    def get(self, role: str, name: str) -> Any:
        """The class (or pack) registered as ``name`` for ``role``.

        Raises:
            PluginError: when nothing is registered under that name.
        """
        table: Mapping[str, Any] = {
            "metric source": self.metric_sources,
            "conversation source": self.conversation_sources,
            "sink": self.sinks,
            "kpi pack": self.kpi_packs,
        }[role]
        if name not in table:
            known = ", ".join(sorted(table)) or "none"
            raise PluginError(f"no {role} named {name!r} (known: {known})", plugin=name)
        return table[name]


def _collect(
    pm: pluggy.PluginManager,
    *,
    role: str,
    hook_name: str,
    check: Callable[[Any], str | None],
    key: Callable[[Any], str],
    table: dict[str, Any],
    providers: dict[tuple[str, str], str],
    errors: list[PluginError],
) -> None:
    def registrar(plugin: str) -> Callable[[Any], None]:
        def register(obj: Any) -> None:
            problem = check(obj)
            if problem is not None:
                errors.append(
                    PluginError(f"registered an invalid {role}: {problem}", plugin=plugin)
                )
                return
            name = key(obj)
            if name in table:
                errors.append(
                    PluginError(
                        f"{role} {name!r} is already registered by {providers[(role, name)]!r}",
                        plugin=plugin,
                        hook=hook_name,
                    )
                )
                return
            table[name] = obj
            providers[(role, name)] = plugin

        return register

    hook = getattr(pm.hook, hook_name)
    # Registration order (bundled plugins first): a later plugin cannot take a
    # name that is already registered; its attempt is reported instead.
    for impl in hook.get_hookimpls():
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            impl.function(*(registrar(impl.plugin_name) for _ in impl.argnames))
        except Exception as exc:  # noqa: BLE001 - one plugin's failure is its own
            errors.append(
                PluginHookError(
                    redact(f"{type(exc).__name__}: {exc}"), plugin=impl.plugin_name, hook=hook_name
                )
            )


def _class_checker(methods: Iterable[str]) -> Callable[[Any], str | None]:
    needed = tuple(methods)

    def check(obj: Any) -> str | None:
        if not isinstance(obj, type):
            return f"{obj!r} is not a class"
        name = getattr(obj, "name", None)
        if not isinstance(name, str) or not name:
            return f"{obj.__name__} has no class attribute 'name'"
        missing = [m for m in ("capabilities", *needed) if not hasattr(obj, m)]
        if missing:
            return f"{obj.__name__} lacks {', '.join(missing)}"
        return None

    return check


def _pack_checker(obj: Any) -> str | None:
    return None if isinstance(obj, KPIPack) else f"{type(obj).__name__} is not a KPIPack"


def collect_registry(pm: pluggy.PluginManager) -> Registry:
    """Call the registration hooks of every plugin and gather the results."""
    providers: dict[tuple[str, str], str] = {}
    errors: list[PluginError] = []
    tables: dict[str, dict[str, Any]] = {}
    for role, (hook_name, methods) in _ROLES.items():
        tables[role] = {}
        _collect(
            pm,
            role=role,
            hook_name=hook_name,
            check=_class_checker(methods),
            key=lambda cls: str(cls.name),
            table=tables[role],
            providers=providers,
            errors=errors,
        )
    tables["kpi pack"] = {}
    _collect(
        pm,
        role="kpi pack",
        hook_name="socialgoals_register_kpi_packs",
        check=_pack_checker,
        key=lambda pack: str(pack.id),
        table=tables["kpi pack"],
        providers=providers,
        errors=errors,
    )
    return Registry(
        metric_sources=tables["metric source"],
        conversation_sources=tables["conversation source"],
        sinks=tables["sink"],
        kpi_packs=tables["kpi pack"],
        providers=providers,
        errors=tuple(errors),
    )


@attrs.frozen
class PluginInfo:
    """One installed plugin, for ``socialgoals plugins``.

    Attributes:
        name: the plugin name (entry-point name or dotted module name).
        origin: ``"bundled"``, ``"entry point"`` or ``"registered"``.
        distribution: the distribution that installed it, if known.
        version: that distribution's version, if known.
        hooks: the hooks it implements.
        provides: what it registered, as ``"sink: webhook"``...
        skipped: why it was not loaded ("" when it was).
    """

    name: str
    origin: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    provides: tuple[str, ...]
    skipped: str = ""


def list_plugins(pm: SocialGoalsPluginManager) -> list[PluginInfo]:
    """What is installed and what each plugin provides, sorted by name.

    Plugins the block or allow list kept out are listed too, with the reason
    in :attr:`PluginInfo.skipped`.
    """
    registry = collect_registry(pm)
    infos: list[PluginInfo] = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        hooks = sorted(c.name for c in pm.get_hookcallers(plugin) or [])
        provides = sorted(
            f"{role}: {item}" for (role, item), p in registry.providers.items() if p == name
        )
        dist = pm.distributions.get(name)
        infos.append(
            PluginInfo(
                name=name,
                origin=pm.origins.get(name, "registered"),
                distribution=dist[0] if dist else None,
                version=dist[1] if dist else None,
                hooks=tuple(hooks),
                provides=tuple(provides),
            )
        )
    infos.extend(
        PluginInfo(name, origin, None, None, (), (), skipped=reason)
        for name, (origin, reason) in pm.skipped.items()
    )
    return sorted(infos, key=lambda i: i.name)
