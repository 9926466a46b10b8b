"""Reads of reference data that are more than a filter."""

from dataclasses import dataclass

from .models import State, StateAlias, normalise_name


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
