"""Reads of reference data that are more than a filter."""

from dataclasses import dataclass

from .models import State, StateAlias, Theme, normalise_name


@dataclass(frozen=True)
class StateResolver:
    """Finds the state behind any name an export uses ("Viet Nam", "DPR Korea", "Côte d’Ivoire").

    Importers go through thousands of rows naming ~200 states, so every alias is read once up front
    and each lookup is a dictionary access. The state's own names are stored as aliases by
    ``reference_data_load``, so this one table is enough.
    """

    states_by_name: dict[str, State]

    @classmethod
    def load(cls) -> "StateResolver":
        """One query; aliases of the same state share one ``State`` instance."""
        states: dict[int, State] = {}
        by_name = {}
        for alias in StateAlias.objects.select_related("state"):
            by_name[alias.normalised] = states.setdefault(alias.state_id, alias.state)
        return cls(by_name)

    def get(self, name: str) -> State | None:
        """The state called ``name``, or None for a name nobody registered (such as "(Unknown)")."""
        return self.states_by_name.get(normalise_name(name))


@dataclass(frozen=True)
class ThemeTree:
    """Every theme, with its children: a vocabulary of a few hundred rows, read whole in one query and
    walked in memory rather than asked for level by level."""

    by_pk: dict[int, Theme]
    children_of: dict[int | None, list[Theme]]

    @classmethod
    def load(cls) -> "ThemeTree":
        by_pk, children_of = {}, {}
        for theme in Theme.objects.order_by("name"):
            by_pk[theme.pk] = theme
            children_of.setdefault(theme.parent_id, []).append(theme)
        return cls(by_pk, children_of)

    def children(self, theme: Theme) -> list[Theme]:
        return self.children_of.get(theme.pk, [])

    def with_descendants(self, theme: Theme) -> set[int]:
        """The ids of ``theme`` and of its sub-themes at any depth."""
        found, todo = set(), [theme.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:  # a loop in the tree must not hang anything
                found.add(pk)
                todo.extend(child.pk for child in self.children_of.get(pk, []))
        return found

    def ancestors(self, theme: Theme) -> list[Theme]:
        """The themes above ``theme``, the root first."""
        found: list[Theme] = []
        parent = self.by_pk.get(theme.parent_id)
        while parent is not None and parent.pk != theme.pk and parent not in found:
            found.insert(0, parent)
            parent = self.by_pk.get(parent.parent_id)
        return found
