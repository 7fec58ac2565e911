# Transitional re-export; the lead removes it after the merge.
from core.errors import Conflict, DomainError, Forbidden, NotFound, Unavailable

__all__ = ["Conflict", "DomainError", "Forbidden", "NotFound", "Unavailable"]
